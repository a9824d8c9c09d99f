package dev.visibility.hub;

import dev.visibility.model.Gpt2Config;
import dev.visibility.model.ModelLoadException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a hub model in the Hugging Face cache or downloads it there, with huggingface_hub's rules: ask the hub
 * which commit a branch points at, reuse what is cached, use the cache alone when offline, when the revision is
 * a commit, or when the hub cannot be reached.
 */
final class HubResolver {
    /** What a GPT-2 needs, in the order fetched: the small files first, so that a wrong name fails fast. */
    static final List<String> FILES = List.of("config.json", "tokenizer.json", "model.safetensors");
    /**
     * The largest size accepted for each file, far above any GPT-2's (GPT-2 XL's float32 weights are 6.4 GB,
     * its tokenizer 1.4 MB), so that a wrong or hostile size is refused before anything is downloaded.
     */
    private static final Map<String, Long> MAX_BYTES = Map.of(
            "config.json", 1L << 20,
            "tokenizer.json", 256L << 20,
            "model.safetensors", 64L << 30);

    private final HubSettings settings;
    private final HubClient client;
    private final BlobDownloader downloader;
    private final PrintStream progress;

    HubResolver(HubSettings settings, HubClient client, BlobDownloader downloader, PrintStream progress) {
        this.settings = settings;
        this.client = client;
        this.downloader = downloader;
        this.progress = progress;
    }

    LocatedModel resolve(HubModelId id) throws ModelNotAvailableException {
        Optional<LocatedModel> cached = cached(id);
        if (settings.offline()) {
            return cached.orElseThrow(() -> Failures.offlineNotCached(id, settings.cacheRoot()));
        }
        if (id.pinnedToCommit() && cached.isPresent()) {
            return cached.get(); // a commit never changes, so there is nothing to ask the hub
        }
        List<FileMetadata> metadata;
        try {
            metadata = lookUp(id);
        } catch (IOException unreachable) {
            if (cached.isPresent()) {
                progress.println("Cannot reach " + client.endpoint() + " (" + Failures.describe(unreachable)
                        + "); using the cached " + cached.get().identity());
                return cached.get();
            }
            throw Failures.unreachable(id, client.endpoint(), settings.cacheRoot(), unreachable);
        }
        String commit = metadata.get(0).commit();
        if (cached.filter(model -> model.folder().getFileName().toString().equals(commit)).isPresent()) {
            return cached.get(); // up to date, possibly under the legacy name that Python users cached it as
        }
        try {
            return download(id, metadata);
        } catch (IOException cacheFailure) {
            throw Failures.cacheNotWritable(settings.cacheRoot(), cacheFailure);
        }
    }

    /** The metadata of every file, all at the commit that the first one resolved to, so that they match. */
    private List<FileMetadata> lookUp(HubModelId id) throws IOException, ModelNotAvailableException {
        List<FileMetadata> metadata = new ArrayList<>();
        HubModelId asked = id;
        for (String file : FILES) {
            FileMetadata fileMetadata = client.head(asked, file);
            if (fileMetadata.size() > MAX_BYTES.get(file)) {
                throw Failures.tooLarge(id, file, fileMetadata.size(), MAX_BYTES.get(file));
            }
            metadata.add(fileMetadata);
            asked = new HubModelId(id.repo(), fileMetadata.commit());
        }
        return metadata;
    }

    private LocatedModel download(HubModelId id, List<FileMetadata> metadata)
            throws IOException, ModelNotAvailableException {
        RepoFolder repo = new RepoFolder(settings.cacheRoot(), id.repo());
        String commit = metadata.get(0).commit();
        HubModelId atCommit = new HubModelId(id.repo(), commit);
        for (int i = 0; i < FILES.size(); i++) {
            String file = FILES.get(i);
            if (!Files.isRegularFile(repo.snapshot(commit).resolve(file))) {
                downloader.fetch(repo, atCommit, file, metadata.get(i));
                repo.link(commit, file, metadata.get(i).etag());
            }
            if (file.equals("config.json")) {
                checkConfig(id, repo.snapshot(commit).resolve(file));
            }
        }
        // Written last: a ref then always names a commit whose files are all there.
        repo.recordRef(id.revision(), commit);
        return located(id, repo.snapshot(commit));
    }

    /** A config that cannot be used makes the weights, by far the largest download, pointless. */
    private static void checkConfig(HubModelId id, Path config) throws ModelNotAvailableException {
        try {
            Gpt2Config.read(config);
        } catch (ModelLoadException unusable) {
            throw Failures.unusableConfig(id, unusable.getMessage());
        }
    }

    /** The model from the cache, under its current name or the legacy one that Python users may have used. */
    private Optional<LocatedModel> cached(HubModelId id) throws ModelNotAvailableException {
        for (String repoName : id.cachedRepos()) {
            RepoFolder repo = new RepoFolder(settings.cacheRoot(), repoName);
            try {
                Optional<Path> snapshot = repo.completeSnapshot(id.revision(), FILES);
                if (snapshot.isPresent()) {
                    return Optional.of(located(id, snapshot.get()));
                }
            } catch (IOException unreadable) {
                throw Failures.unreadable(repo.folder(), unreadable);
            }
        }
        return Optional.empty();
    }

    private static LocatedModel located(HubModelId id, Path snapshot) {
        return new LocatedModel(id.displayName(), snapshot, id.repo() + "@" + snapshot.getFileName());
    }
}
