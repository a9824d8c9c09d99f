package dev.visibility.hub;

import dev.visibility.model.ModelConfig;
import dev.visibility.model.ModelLoadException;
import dev.visibility.model.ShardIndex;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a hub model in the Hugging Face cache or downloads it there, with huggingface_hub's rules: ask the hub
 * which commit a branch points at, reuse what is cached, use the cache alone when offline, when the revision is
 * a commit, or when the hub cannot be reached.
 *
 * <p>Locating fetches only the small files that tokenizing and checking a block need; the weights follow when
 * {@link LocatedModel#folderWithWeights()} asks for them, so a build whose heatmaps are all cached never
 * downloads them.
 */
final class HubResolver {
    /** What a located model always has, in the order fetched: small, so that a wrong name fails fast. */
    static final List<String> SMALL_FILES = List.of("config.json", "tokenizer.json");
    /**
     * The largest size accepted for each file, far above any real model's (a tokenizer has a few megabytes, a
     * 7B model's float32 weights in one file 28 GB, a shard usually 5 GB at most), so that a wrong or hostile
     * size is refused before anything is downloaded. Each shard of sharded weights has the weights' limit.
     */
    private static final Map<String, Long> MAX_BYTES = Map.of(
            "config.json", 1L << 20,
            "tokenizer.json", 256L << 20,
            WeightFiles.INDEX, ShardIndex.MAX_BYTES);
    private static final long MAX_WEIGHTS_FILE_BYTES = 64L << 30;

    private final HubConnection hub;

    HubResolver(HubConnection hub) {
        this.hub = hub;
    }

    LocatedModel resolve(HubRepoId id) throws ModelNotAvailableException {
        Optional<LocatedModel> cached = cached(id);
        if (hub.settings().offline()) {
            return cached.orElseThrow(() -> Failures.offlineNotCached(id, hub.settings().cacheRoot()));
        }
        if (id.pinnedToCommit() && cached.isPresent()) {
            return cached.get(); // a commit never changes, so there is nothing to ask the hub
        }
        List<FileMetadata> metadata;
        try {
            metadata = lookUp(id);
        } catch (IOException unreachable) {
            return hub.cachedWhenUnreachable(id, cached, LocatedModel::identity, unreachable);
        }
        String commit = metadata.get(0).commit();
        if (cached.filter(model -> model.folder().getFileName().toString().equals(commit)).isPresent()) {
            return cached.get(); // up to date, possibly under the legacy name that Python users cached it as
        }
        RepoFolder repo = new RepoFolder(hub.settings().cacheRoot(), id.kind(), id.repo());
        try {
            for (int i = 0; i < SMALL_FILES.size(); i++) {
                fetch(repo, id.atCommit(commit), SMALL_FILES.get(i), metadata.get(i));
            }
            checkConfig(id, repo.snapshot(commit).resolve("config.json"));
            // Written once the small files are there, as huggingface_hub does: a ref may name a commit whose
            // weights are still to come, never one that cannot be tokenized.
            repo.recordRef(id.revision(), commit);
        } catch (IOException cacheFailure) {
            throw Failures.cacheNotWritable(hub.settings().cacheRoot(), cacheFailure);
        }
        return located(id, repo, commit);
    }

    /** The metadata of the small files, all at the commit that the first one resolved to, so that they match. */
    private List<FileMetadata> lookUp(HubRepoId id) throws IOException, ModelNotAvailableException {
        List<FileMetadata> metadata = new ArrayList<>();
        HubRepoId asked = id;
        for (String file : SMALL_FILES) {
            FileMetadata fileMetadata = hub.client().head(asked, file);
            requireSize(id, file, fileMetadata);
            metadata.add(fileMetadata);
            asked = id.atCommit(fileMetadata.commit());
        }
        return metadata;
    }

    /**
     * Puts the weights of {@code atCommit} into its snapshot in {@code repo}, unless they are there already:
     * {@code model.safetensors} when the repository has it, as transformers prefers it, else the index of sharded
     * weights and every shard it names. Pickles are only looked for, to say why the model cannot be used.
     *
     * @param repo     the cache folder that holds the snapshot, possibly under a legacy name
     * @param atCommit the model at the commit that located it, so that the weights match its small files
     */
    private void fetchWeights(RepoFolder repo, HubRepoId atCommit) throws ModelNotAvailableException {
        Path snapshot = repo.snapshot(atCommit.revision());
        if (WeightFiles.complete(snapshot, atCommit.displayName())) {
            return;
        }
        if (hub.settings().offline()) {
            throw Failures.offlineWithoutWeights(atCommit, hub.settings().cacheRoot());
        }
        try {
            Optional<FileMetadata> single = hub.headIfExists(atCommit, WeightFiles.SINGLE);
            if (single.isPresent()) {
                fetchAll(repo, atCommit, Map.of(WeightFiles.SINGLE, single.get()));
            } else {
                fetchSharded(repo, atCommit);
            }
        } catch (IOException cacheFailure) {
            throw Failures.cacheNotWritable(hub.settings().cacheRoot(), cacheFailure);
        }
    }

    /** The index of sharded weights, then every shard that it names and the snapshot lacks. */
    private void fetchSharded(RepoFolder repo, HubRepoId atCommit) throws IOException, ModelNotAvailableException {
        Optional<FileMetadata> index = hub.headIfExists(atCommit, WeightFiles.INDEX);
        if (index.isEmpty()) {
            throw noSafetensors(atCommit);
        }
        fetchAll(repo, atCommit, Map.of(WeightFiles.INDEX, index.get()));
        Path snapshot = repo.snapshot(atCommit.revision());
        Map<String, FileMetadata> shards = new LinkedHashMap<>();
        for (String shard : WeightFiles.shards(snapshot.resolve(WeightFiles.INDEX), atCommit.displayName())) {
            if (!Files.isRegularFile(snapshot.resolve(shard))) {
                shards.put(shard, hub.head(atCommit, shard));
            }
        }
        fetchAll(repo, atCommit, shards);
    }

    /** Every size is checked before the first byte is downloaded, so that no download is begun in vain. */
    private void fetchAll(RepoFolder repo, HubRepoId atCommit, Map<String, FileMetadata> files)
            throws IOException, ModelNotAvailableException {
        for (Map.Entry<String, FileMetadata> file : files.entrySet()) {
            requireSize(atCommit, file.getKey(), file.getValue());
        }
        for (Map.Entry<String, FileMetadata> file : files.entrySet()) {
            fetch(repo, atCommit, file.getKey(), file.getValue());
        }
    }

    /** Why a repository without safetensors weights cannot be used: pickles get their own answer. */
    private ModelNotAvailableException noSafetensors(HubRepoId atCommit) throws ModelNotAvailableException {
        for (String pickle : WeightFiles.PICKLES) {
            if (hub.headIfExists(atCommit, pickle).isPresent()) {
                return Failures.pickleOnHub(atCommit, pickle);
            }
        }
        return Failures.noSafetensors(atCommit, hub.client().endpoint());
    }

    private void fetch(RepoFolder repo, HubRepoId atCommit, String file, FileMetadata metadata)
            throws IOException, ModelNotAvailableException {
        if (!Files.isRegularFile(repo.snapshot(atCommit.revision()).resolve(file))) {
            hub.downloader().fetch(repo, atCommit, file, metadata);
            repo.link(atCommit.revision(), file, metadata.etag());
        }
    }

    private static void requireSize(HubRepoId id, String file, FileMetadata metadata)
            throws ModelNotAvailableException {
        long limit = MAX_BYTES.getOrDefault(file, MAX_WEIGHTS_FILE_BYTES);
        if (metadata.size() > limit) {
            throw Failures.tooLarge(id, file, metadata.size(), limit);
        }
    }

    /** A config that cannot be used makes the weights, by far the largest download, pointless. */
    private static void checkConfig(HubRepoId id, Path config) throws ModelNotAvailableException {
        try {
            ModelConfig.read(config);
        } catch (ModelLoadException unusable) {
            throw Failures.unusableConfig(id, unusable.getMessage());
        }
    }

    /** The model from the cache, under its current name or the legacy one that Python users may have used. */
    private Optional<LocatedModel> cached(HubRepoId id) throws ModelNotAvailableException {
        for (String repoName : id.cachedRepos()) {
            RepoFolder repo = new RepoFolder(hub.settings().cacheRoot(), id.kind(), repoName);
            try {
                Optional<Path> snapshot = repo.completeSnapshot(id.revision(), SMALL_FILES);
                if (snapshot.isPresent()) {
                    return Optional.of(located(id, repo, snapshot.get().getFileName().toString()));
                }
            } catch (IOException unreadable) {
                throw Failures.unreadable(repo.folder(), unreadable);
            }
        }
        return Optional.empty();
    }

    private LocatedModel located(HubRepoId id, RepoFolder repo, String commit) {
        HubRepoId atCommit = id.atCommit(commit);
        return new LocatedModel(id.displayName(), repo.snapshot(commit), id.repo() + "@" + commit,
                () -> fetchWeights(repo, atCommit));
    }
}
