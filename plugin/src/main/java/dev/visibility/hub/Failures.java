package dev.visibility.hub;

import dev.visibility.io.LogText;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The messages of every way getting a model or a dataset can fail, in one place so that they say the same things
 * the same way. Each names what failed and what to do next.
 */
final class Failures {
    private static final String OFFLINE_WAYS = "To work without the hub, set HF_HUB_OFFLINE=1 to use a model that"
            + " is already in the Hugging Face cache, or set VISIBILITY_MODEL (or the block's model:) to a local"
            + " folder with config.json, tokenizer.json and model.safetensors.";
    /** The way around every dataset failure: the texts in a file of the user's own. */
    private static final String LOCAL_CORPUS = "give the block's corpus: a local .txt, .jsonl, .json or .parquet file";
    /** Why a pickle is never loaded; follows the name of the pickle file. */
    private static final String PICKLE_REFUSED = ", in PyTorch's pickle format, which this plugin never reads or"
            + " downloads: loading a pickle runs whatever code it holds.";
    private static final String CONVERT_PICKLE = "convert the weights once, on a machine you trust: in Python,"
            + " AutoModelForCausalLM.from_pretrained(model).save_pretrained(folder) writes model.safetensors (so"
            + " does the safetensors project's convert script); then give that folder.";
    private static final String OFFLINE_WAYS_FOR_DATASETS = "To work without the hub, set HF_HUB_OFFLINE=1 to use"
            + " a dataset that is already in the Hugging Face cache, or " + LOCAL_CORPUS + ".";

    private Failures() {
    }

    static ModelNotAvailableException notAModel(String model) {
        return new ModelNotAvailableException("'" + LogText.escape(model) + "' is neither a folder nor a Hugging Face model id."
                + " Give a folder with config.json, tokenizer.json and model.safetensors, or a hub id such as gpt2,"
                + " openai-community/gpt2-medium or org/name@revision.");
    }

    static ModelNotAvailableException notADataset(String dataset) {
        return new ModelNotAvailableException("'" + LogText.escape(dataset) + "' is not a Hugging Face dataset id."
                + " Give org/name or org/name@revision (a branch, tag or commit), such as NeelNanda/pile-10k, or "
                + LOCAL_CORPUS + ".");
    }

    static ModelNotAvailableException notASplit(HubRepoId id, String split) {
        return new ModelNotAvailableException("'" + LogText.escape(split) + "' is not a split name for "
                + id.displayName() + ". A split is a word such as train, validation or test (letters, digits, '_',"
                + " '-' and '.').");
    }

    static ModelNotAvailableException incompleteFolder(Path folder, String missing) {
        return new ModelNotAvailableException("The model folder " + folder + " has no " + missing + ". A model"
                + " folder needs config.json, tokenizer.json and model.safetensors (or model.safetensors.index.json"
                + " and the shards it names); in Python, model.save_pretrained(folder) and"
                + " tokenizer.save_pretrained(folder) write them.");
    }

    static ModelNotAvailableException missingShard(Path folder, String shard) {
        return new ModelNotAvailableException("The model folder " + folder + " has no " + shard + ", which its "
                + WeightFiles.INDEX + " names as a shard of its weights. Copy every shard next to the index, or"
                + " save the model again with model.save_pretrained(folder).");
    }

    /** The index of sharded weights cannot be used; {@code owner} is a hub model at its commit or a folder. */
    static ModelNotAvailableException unusableIndex(String owner, String reason) {
        return new ModelNotAvailableException("The " + WeightFiles.INDEX + " of " + owner + " cannot be used: "
                + reason + ". It must map each tensor name to a .safetensors file next to it, as"
                + " model.save_pretrained writes it.");
    }

    static ModelNotAvailableException pickleOnHub(HubRepoId atCommit, String pickle) {
        return new ModelNotAvailableException("The model " + atCommit.displayName() + " has its weights only as "
                + pickle + PICKLE_REFUSED + " Nothing was downloaded. If the repository has a safetensors"
                + " revision, such as the pull request of the hub's safetensors conversion bot (see its Community"
                + " tab), name it: " + atCommit.repo() + "@refs/pr/<number>. Otherwise " + CONVERT_PICKLE);
    }

    static ModelNotAvailableException pickleInFolder(Path folder, String pickle) {
        return new ModelNotAvailableException("The model folder " + folder + " has its weights only as " + pickle
                + PICKLE_REFUSED + " To use it, " + CONVERT_PICKLE);
    }

    static ModelNotAvailableException noSafetensors(HubRepoId atCommit, URI endpoint) {
        return new ModelNotAvailableException("The model " + atCommit.displayName() + " on " + endpoint + " has"
                + " neither " + WeightFiles.SINGLE + " nor " + WeightFiles.INDEX + " (HTTP 404). This plugin reads"
                + " weights in the safetensors format only: pick a model that has them, or convert it and give its"
                + " folder.");
    }

    static ModelNotAvailableException unreadable(Path file, IOException cause) {
        return new ModelNotAvailableException("Cannot read " + file + ": " + describe(cause) + ".", cause);
    }

    /**
     * The hub answered 401 or 403. Gated repositories (Llama, Gemma) say so with the error code {@code GatedRepo}:
     * 401 when no token came, 403 when the token's account has not been granted access. A 401 despite a token
     * means the token itself was refused; any other refusal is a private or a missing repository, which the hub
     * does not tell apart.
     *
     * @param errorCode the hub's {@code X-Error-Code}, if any
     * @param tokenSent whether the request carried a token (HF_TOKEN, or the one that {@code hf auth login} saved)
     */
    static ModelNotAvailableException accessDenied(HubRepoId id, int status, Optional<String> errorCode,
                                                   URI endpoint, boolean tokenSent) {
        String page = endpoint + "/" + id.kind().urlPrefix() + id.repo();
        String http = " (HTTP " + status + " from " + endpoint + "). ";
        String problem;
        if (tokenSent && status == 401) {
            problem = endpoint + " did not accept the token in HF_TOKEN (or the one that hf auth login saved)"
                    + " for " + id.displayName() + http + "It may be mistyped, revoked or expired: create a new one"
                    + " with read access in your account's settings and set HF_TOKEN to it.";
        } else if ("GatedRepo".equals(errorCode.orElse("")) && tokenSent) {
            problem = id.repo() + " is gated, and the account of the token in HF_TOKEN has no access to it yet"
                    + http + "Accept its licence at " + page + " with that account and wait until access is"
                    + " granted (some authors review each request); a fine-grained token also needs read access to"
                    + " the public gated repositories that its account can access.";
        } else if ("GatedRepo".equals(errorCode.orElse(""))) {
            problem = id.repo() + " is gated: accept its licence at " + page + " and set HF_TOKEN to a token with"
                    + " read access" + http.stripTrailing();
        } else {
            problem = endpoint + " refused access to " + id.displayName() + http + "The repository is private, or"
                    + " it does not exist: check its name at " + page + (tokenSent
                    ? ", and that the token in HF_TOKEN has read access to it."
                    : "; for a private repository, set HF_TOKEN to a token with read access to it.");
        }
        return new ModelNotAvailableException(problem + " " + otherWays(id));
    }

    static ModelNotAvailableException notFound(HubRepoId id, String file, Optional<String> errorCode, URI endpoint) {
        boolean model = id.kind() == RepoKind.MODEL;
        String what = switch (errorCode.orElse("")) {
            case "RevisionNotFound" -> "The " + id.kind().noun() + " " + id.repo() + " has no revision '"
                    + id.revision() + "' on " + endpoint + " (HTTP 404). After '@' give a branch, a tag or a commit"
                    + " of the repository.";
            case "EntryNotFound" -> "The " + id.kind().noun() + " " + id.displayName() + " on " + endpoint
                    + " has no " + file + " (HTTP 404). " + (model
                    ? "This plugin needs config.json, tokenizer.json and model.safetensors (or"
                    + " model.safetensors.index.json and every shard it names): pick a model that has them, or"
                    + " convert it and give its folder."
                    : "Its file listing named it, so the repository changed meanwhile: run the build again.");
            default -> "Nothing found for " + file + " of " + id.displayName() + " on " + endpoint + " (HTTP 404)."
                    + (model
                    ? " Check the model name (such as gpt2 or openai-community/gpt2-medium) and the revision; a"
                    + " local folder must exist to be used as one."
                    : " Check the dataset name (org/name, as on its hub page, such as NeelNanda/pile-10k) and the"
                    + " revision; a local corpus file must exist to be used as one.");
        };
        return new ModelNotAvailableException(what);
    }

    static ModelNotAvailableException unreachable(HubRepoId id, URI endpoint, Path cacheRoot, IOException cause) {
        return new ModelNotAvailableException("Cannot download " + id.displayName() + " from " + endpoint + ": "
                + describe(cause) + ". It is not in the Hugging Face cache at " + cacheRoot + " yet. Check the"
                + " network connection and proxy settings, or HF_ENDPOINT if you use a mirror. " + otherWays(id),
                cause);
    }

    static ModelNotAvailableException offlineNotCached(HubRepoId id, Path cacheRoot) {
        return new ModelNotAvailableException("HF_HUB_OFFLINE is set, and " + id.displayName() + " is not in the"
                + " Hugging Face cache at " + cacheRoot + ". Download it once with HF_HUB_OFFLINE unset, point"
                + " HF_HUB_CACHE or HF_HOME at a cache that has it, or set VISIBILITY_MODEL (or the block's model:)"
                + " to a local folder with config.json, tokenizer.json and model.safetensors.");
    }

    static ModelNotAvailableException offlineSplitNotCached(HubRepoId id, String split, Path cacheRoot) {
        return new ModelNotAvailableException("HF_HUB_OFFLINE is set, and the split '" + split + "' of "
                + id.displayName() + " is not in the Hugging Face cache at " + cacheRoot + ". Download it once with"
                + " HF_HUB_OFFLINE unset, point HF_HUB_CACHE or HF_HOME at a cache that has it, or " + LOCAL_CORPUS
                + ".");
    }

    /**
     * No data file of the listing belongs to {@code split}.
     *
     * @param atCommit  the dataset at the commit that was listed
     * @param dataFiles the data files that the listing has, sorted
     * @param splits    the usual split names that some of them belong to
     */
    static ModelNotAvailableException noSuchSplit(HubRepoId atCommit, String split, List<String> dataFiles,
                                                  List<String> splits) {
        if (dataFiles.isEmpty()) {
            return new ModelNotAvailableException("The dataset " + atCommit.repo() + "@" + atCommit.revision()
                    + " has no data files (.parquet, .jsonl or .json), so there is no text to read. Pick a dataset"
                    + " that has them, or " + LOCAL_CORPUS + ".");
        }
        int shown = Math.min(dataFiles.size(), 10);
        String more = dataFiles.size() > shown ? " and " + (dataFiles.size() - shown) + " more" : "";
        String found = splits.isEmpty() ? "" : " Splits found: " + String.join(", ", splits) + ".";
        return new ModelNotAvailableException("The dataset " + atCommit.repo() + "@" + atCommit.revision()
                + " has no data files of the split '" + split + "': a file belongs to it when its name is " + split
                + " or starts with " + split + "-, " + split + "_ or " + split + ". (such as " + split
                + "-00000-of-00001.parquet), or when a folder on its path is named " + split + "." + found
                + " Data files: " + String.join(", ", dataFiles.subList(0, shown)) + more + ". Set split: to one"
                + " of its splits.");
    }

    static ModelNotAvailableException offlineWithoutWeights(HubRepoId atCommit, Path cacheRoot) {
        return new ModelNotAvailableException("HF_HUB_OFFLINE is set, and the Hugging Face cache at " + cacheRoot
                + " has the tokenizer of " + atCommit.displayName() + " but not its weights (model.safetensors, or"
                + " model.safetensors.index.json and every shard it names),"
                + " which heatmaps that are not in the heatmap cache need. Download them once with HF_HUB_OFFLINE"
                + " unset, or set VISIBILITY_MODEL (or the block's model:) to a local folder with config.json,"
                + " tokenizer.json and model.safetensors.");
    }

    static ModelNotAvailableException interrupted(String file, URI url, long received, IOException cause) {
        String slow = cause instanceof StalledDownloadException
                ? " On a slow connection, raise HF_HUB_DOWNLOAD_TIMEOUT (seconds)." : "";
        return new ModelNotAvailableException("The download of " + file + " from " + url.getHost() + " broke off"
                + " after " + ProgressBar.bytes(received) + " (" + describe(cause) + "). What arrived is kept in"
                + " the cache: run the build again to resume." + slow, cause);
    }

    static ModelNotAvailableException corrupt(String file, URI url, String mismatch) {
        return new ModelNotAvailableException("The download of " + file + " from " + url.getHost() + " is corrupt: "
                + mismatch + ". It was deleted; run the build again to download it anew. If this keeps happening, a"
                + " proxy or the mirror in HF_ENDPOINT is altering files.");
    }

    /**
     * A header value that no Hugging Face hub sends. The commit and etag become names in the cache, so a value
     * such as {@code ../../x} is refused rather than cleaned up.
     */
    static ModelNotAvailableException implausibleAnswer(URI url, String header, String value, String expected) {
        return new ModelNotAvailableException(url + " answered with the " + header + " '"
                + LogText.excerpt(value, 100) + "', which is not " + expected + ". Nothing was downloaded or"
                + " requested with it. Check HF_ENDPOINT and any proxy in between: the Hugging Face hub never"
                + " answers this.");
    }

    static ModelNotAvailableException tooLarge(HubRepoId id, String file, long size, long limit) {
        return new ModelNotAvailableException("The hub says that " + file + " of " + id.displayName() + " has "
                + ProgressBar.bytes(size) + ", more than any model's " + file + " needs (at most "
                + ProgressBar.bytes(limit) + " are accepted)."
                + " Nothing was downloaded. Check the " + id.kind().noun() + " name and HF_ENDPOINT.");
    }

    static ModelNotAvailableException splitTooLarge(HubRepoId id, String split, int files, long limit) {
        return new ModelNotAvailableException("The " + split + " split of " + id.displayName() + " has " + files
                + " data files and weighs more than " + ProgressBar.bytes(limit) + ", which is downloaded whole"
                + " before its first texts are read; a corpus figure needs a few hundred texts. Nothing was"
                + " downloaded. Choose a smaller dataset or split, or " + LOCAL_CORPUS + " with the texts you want.");
    }

    static ModelNotAvailableException listingTooLarge(HubRepoId id, URI url, long limit) {
        return new ModelNotAvailableException(url + " sent a file listing of " + id.displayName() + " of more than "
                + ProgressBar.bytes(limit) + ", which no Hugging Face hub sends. Nothing was downloaded. Check"
                + " HF_ENDPOINT and any proxy in between.");
    }

    static ModelNotAvailableException unusableConfig(HubRepoId id, String reason) {
        return new ModelNotAvailableException("The config.json of " + id.displayName() + " cannot be used, so its"
                + " weights were not downloaded: " + reason);
    }

    static ModelNotAvailableException cacheNotWritable(Path cacheRoot, IOException cause) {
        if (isDiskFull(cause)) {
            return new ModelNotAvailableException("No space left on the device of the Hugging Face cache at "
                    + cacheRoot + ". Free some space, or set HF_HUB_CACHE (or HF_HOME) to a folder on a disk with"
                    + " more room.", cause);
        }
        return new ModelNotAvailableException("Cannot write to the Hugging Face cache at " + cacheRoot + ": "
                + describe(cause) + ". Set HF_HUB_CACHE (or HF_HOME) to a writable folder.", cause);
    }

    /** What to do instead of downloading: use the cache, or a local model folder or corpus file. */
    private static String otherWays(HubRepoId id) {
        return id.kind() == RepoKind.MODEL ? OFFLINE_WAYS : OFFLINE_WAYS_FOR_DATASETS;
    }

    static boolean isDiskFull(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("No space left on device") || message.contains("Disk quota exceeded")) {
                return true;
            }
        }
        return false;
    }

    /** A short reason for a network or file error; the JDK's own messages are often empty for these. */
    static String describe(IOException error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof HttpConnectTimeoutException) {
                return "the connection timed out";
            }
            if (e instanceof HttpTimeoutException) {
                return "no answer in time";
            }
            if (e instanceof ConnectException) {
                // Java's HTTP client leaves a refused connection without any message.
                return firstMessage(e).orElse("connection refused");
            }
            if (e instanceof UnknownHostException) {
                return "unknown host " + e.getMessage();
            }
        }
        return firstMessage(error).orElse(error.getClass().getSimpleName());
    }

    private static Optional<String> firstMessage(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e.getMessage() != null) {
                return Optional.of(e.getMessage());
            }
        }
        return Optional.empty();
    }
}
