package dev.visibility.hub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the files of a dataset's split in the Hugging Face cache or downloads them there, with the rules that
 * {@link HubResolver} follows for models: the hub's file listing says which commit a branch points at and which
 * files the split has; the cache alone serves when offline, when a cached commit is pinned, or when the hub
 * cannot be reached. Only the split's files are downloaded.
 */
final class DatasetResolver {
    /**
     * The most a split may weigh. A split is downloaded whole before its first texts are read, and a corpus figure
     * reads a few hundred texts: a few megabytes. This admits corpora of many thousands of texts and refuses,
     * before anything is downloaded, a web-scale split of hundreds of gigabytes, or a wrong or hostile size.
     */
    private static final long MAX_SPLIT_BYTES = 2L << 30;

    private final HubConnection hub;

    DatasetResolver(HubConnection hub) {
        this.hub = hub;
    }

    LocatedDataset resolve(HubRepoId id, String split) throws ModelNotAvailableException {
        RepoFolder repo = new RepoFolder(hub.settings().cacheRoot(), id.kind(), id.repo());
        Optional<LocatedDataset> cached = cached(repo, id, split);
        if (hub.settings().offline()) {
            return cached.orElseThrow(() -> Failures.offlineSplitNotCached(id, split, hub.settings().cacheRoot()));
        }
        if (id.pinnedToCommit() && cached.isPresent()) {
            return cached.get(); // a commit never changes, so there is nothing to ask the hub
        }
        DatasetListing listing;
        try {
            listing = hub.client().datasetListing(id);
        } catch (IOException unreachable) {
            return hub.cachedWhenUnreachable(id, cached, LocatedDataset::identity, unreachable);
        }
        HubRepoId atCommit = id.atCommit(listing.commit());
        List<String> files = SplitFiles.of(listing.files(), split);
        if (files.isEmpty()) {
            List<String> dataFiles = SplitFiles.dataFiles(listing.files());
            throw Failures.noSuchSplit(atCommit, split, dataFiles, SplitFiles.usualSplits(dataFiles));
        }
        try {
            download(repo, atCommit, split, files);
            repo.recordRef(id.revision(), listing.commit());
        } catch (IOException cacheFailure) {
            throw Failures.cacheNotWritable(hub.settings().cacheRoot(), cacheFailure);
        }
        return located(id, repo, listing.commit(), files);
    }

    /**
     * Downloads the blobs of the files that the snapshot lacks, then links them all. Linking last means that a
     * snapshot never shows part of a split: an interrupted run leaves blobs to resume, not a split that looks
     * complete to the next, offline one.
     */
    private void download(RepoFolder repo, HubRepoId atCommit, String split, List<String> files)
            throws IOException, ModelNotAvailableException {
        Path snapshot = repo.snapshot(atCommit.revision());
        Map<String, FileMetadata> missing = new LinkedHashMap<>();
        long bytes = 0;
        for (String file : files) {
            if (!Files.isRegularFile(snapshot.resolve(file))) {
                FileMetadata metadata = hub.head(atCommit, file);
                missing.put(file, metadata);
                bytes += metadata.size();
                if (bytes > MAX_SPLIT_BYTES) {
                    throw Failures.splitTooLarge(atCommit, split, files.size(), MAX_SPLIT_BYTES);
                }
            }
        }
        for (Map.Entry<String, FileMetadata> file : missing.entrySet()) {
            hub.downloader().fetch(repo, atCommit, file.getKey(), file.getValue());
        }
        for (Map.Entry<String, FileMetadata> file : missing.entrySet()) {
            repo.link(atCommit.revision(), file.getKey(), file.getValue().etag());
        }
    }

    /** The split from the snapshot that {@code id}'s revision stands for in the cache, if it has its files. */
    private Optional<LocatedDataset> cached(RepoFolder repo, HubRepoId id, String split)
            throws ModelNotAvailableException {
        try {
            Optional<String> commit = repo.commitOf(id.revision());
            if (commit.isEmpty()) {
                return Optional.empty();
            }
            List<String> files = SplitFiles.of(repo.snapshotFiles(commit.get()), split);
            return files.isEmpty() ? Optional.empty() : Optional.of(located(id, repo, commit.get(), files));
        } catch (IOException unreadable) {
            throw Failures.unreadable(repo.folder(), unreadable);
        }
    }

    private static LocatedDataset located(HubRepoId id, RepoFolder repo, String commit, List<String> files) {
        Path snapshot = repo.snapshot(commit);
        return new LocatedDataset(id.displayName(), id.repo() + "@" + commit,
                files.stream().map(snapshot::resolve).toList());
    }
}
