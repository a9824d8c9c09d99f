package dev.visibility.hub;

import dev.visibility.io.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One model or dataset repository in the Hugging Face cache, in the layout that {@code huggingface_hub} writes
 * (datasets the same, in {@code datasets--org--name}):
 * <pre>
 * models--org--name/
 *   blobs/&lt;etag&gt;                        the file contents, named by their hash
 *   refs/&lt;revision&gt;                     the commit that a branch or tag pointed at
 *   snapshots/&lt;commit&gt;/&lt;file&gt;          symbolic link to ../../blobs/&lt;etag&gt;
 * .locks/models--org--name/&lt;etag&gt;.lock  held while a blob is downloaded
 * </pre>
 */
record RepoFolder(Path cacheRoot, RepoKind kind, String repo) {
    private String folderName() {
        return kind.cachePrefix() + repo.replace("/", "--");
    }

    Path folder() {
        return cacheRoot.resolve(folderName());
    }

    Path blob(String etag) {
        return folder().resolve("blobs").resolve(etag);
    }

    /** Where a download in progress is kept; a later run resumes from it. */
    Path incompleteBlob(String etag) {
        return folder().resolve("blobs").resolve(etag + ".incomplete");
    }

    Path lock(String etag) {
        return cacheRoot.resolve(".locks").resolve(folderName()).resolve(etag + ".lock");
    }

    Path snapshot(String commit) {
        return folder().resolve("snapshots").resolve(commit);
    }

    /** The commit a revision stands for in the cache: a commit is itself, a branch or tag is read from refs/. */
    Optional<String> commitOf(String revision) throws IOException {
        if (HubRepoId.isCommit(revision)) {
            return Optional.of(revision);
        }
        Path ref = folder().resolve("refs").resolve(revision);
        if (!Files.isRegularFile(ref)) {
            return Optional.empty();
        }
        String commit = Files.readString(ref, StandardCharsets.UTF_8).trim();
        return HubRepoId.isCommit(commit) ? Optional.of(commit) : Optional.empty();
    }

    /** The snapshot of {@code revision} if every one of {@code files} is in it, blob included. */
    Optional<Path> completeSnapshot(String revision, List<String> files) throws IOException {
        Optional<String> commit = commitOf(revision);
        if (commit.isEmpty()) {
            return Optional.empty();
        }
        Path snapshot = snapshot(commit.get());
        // isRegularFile follows the link, so a link whose blob was deleted does not count.
        return files.stream().allMatch(file -> Files.isRegularFile(snapshot.resolve(file)))
                ? Optional.of(snapshot)
                : Optional.empty();
    }

    /**
     * The files of the snapshot of {@code commit} whose content is there, as repository paths with {@code /}
     * ({@code data/train-0.parquet}), sorted; none when there is no such snapshot.
     */
    List<String> snapshotFiles(String commit) throws IOException {
        Path snapshot = snapshot(commit);
        if (!Files.isDirectory(snapshot)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(snapshot)) {
            // isRegularFile follows the link, so a link whose blob was deleted does not count.
            return paths.filter(Files::isRegularFile)
                    .map(path -> snapshot.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/"))
                    .sorted()
                    .toList();
        }
    }

    /** Remembers that {@code revision} points at {@code commit}; a commit needs no ref. */
    void recordRef(String revision, String commit) throws IOException {
        if (!revision.equals(commit)) {
            AtomicFiles.write(folder().resolve("refs").resolve(revision), commit.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Makes {@code file} of {@code commit} point at the blob {@code etag}. */
    void link(String commit, String file, String etag) throws IOException {
        Path link = snapshot(commit).resolve(file);
        Path blob = blob(etag);
        try {
            AtomicFiles.symlink(link, link.getParent().relativize(blob));
        } catch (UnsupportedOperationException | FileSystemException noSymlinks) {
            // huggingface_hub does the same where symbolic links are not allowed: the snapshot gets a copy.
            AtomicFiles.copy(blob, link);
        }
    }
}
