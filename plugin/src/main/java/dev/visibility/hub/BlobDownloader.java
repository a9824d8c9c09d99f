package dev.visibility.hub;

import dev.visibility.io.AtomicFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Downloads one file into {@code blobs/<etag>}: into {@code <etag>.incomplete} first, resuming what an earlier
 * run left there, then checked against its etag and renamed into place. A file named like a blob is therefore
 * always complete and verified.
 */
final class BlobDownloader {
    /** A connection that breaks is resumed right away this many times in all before giving up. */
    private static final int ATTEMPTS = 3;

    private final HubClient client;
    private final ProgressSink progress;
    private final LongSupplier nanoClock;

    BlobDownloader(HubClient client, ProgressSink progress, LongSupplier nanoClock) {
        this.client = client;
        this.progress = progress;
        this.nanoClock = nanoClock;
    }

    /**
     * Makes sure the blob of {@code file} is in {@code repo}.
     *
     * @throws IOException when the cache cannot be written (the network's errors become the exception's message)
     */
    void fetch(RepoFolder repo, HubRepoId id, String file, FileMetadata metadata)
            throws ModelNotAvailableException, IOException {
        Path blob = repo.blob(metadata.etag());
        try (CacheLock lock = CacheLock.acquire(repo.lock(metadata.etag()))) {
            if (Files.isRegularFile(blob)) {
                return; // another build downloaded it while this one waited for the lock
            }
            Path partial = repo.incompleteBlob(metadata.etag());
            Files.createDirectories(partial.getParent());
            transfer(id, file, metadata, partial);
            Optional<String> mismatch = EtagCheck.mismatch(partial, metadata);
            if (mismatch.isPresent()) {
                Files.delete(partial);
                throw Failures.corrupt(file, metadata.location(), mismatch.get());
            }
            AtomicFiles.move(partial, blob);
        }
    }

    private void transfer(HubRepoId id, String file, FileMetadata metadata, Path partial)
            throws ModelNotAvailableException, IOException {
        for (int attempt = 1; ; attempt++) {
            // Without a known size, a partial file could be complete already and a Range request would fail.
            long have = metadata.size() >= 0 ? sizeOf(partial) : 0;
            if (metadata.size() >= 0 && have >= metadata.size()) {
                return; // a run died between the last byte and the rename; the etag check decides
            }
            warnIfShortOfSpace(partial, metadata.size() - have);
            try {
                receive(id, file, metadata, partial, have);
                return;
            } catch (BrokenTransfer broken) {
                if (attempt == ATTEMPTS) {
                    throw Failures.interrupted(file, metadata.location(), sizeOf(partial), broken.cause());
                }
                progress.line(file + ": connection lost (" + Failures.describe(broken.cause()) + "), resuming");
            }
        }
    }

    /** Bytes kept from earlier attempts; none if the connection failed before the first one arrived. */
    private static long sizeOf(Path partial) throws IOException {
        return Files.exists(partial) ? Files.size(partial) : 0;
    }

    /** Only a warning, as in huggingface_hub: free space is an estimate on some file systems. */
    private void warnIfShortOfSpace(Path partial, long needed) throws IOException {
        long usable = Files.getFileStore(partial.getParent()).getUsableSpace();
        if (needed > usable) {
            progress.line("Warning: " + ProgressBar.bytes(needed) + " are still to download, but only "
                    + ProgressBar.bytes(usable) + " are free on the disk of " + partial.getParent());
        }
    }

    /** Appends the rest of the file to {@code partial}; only network errors become {@link BrokenTransfer}. */
    private void receive(HubRepoId id, String file, FileMetadata metadata, Path partial, long have)
            throws BrokenTransfer, ModelNotAvailableException, IOException {
        HttpResponse<InputStream> response;
        try {
            response = client.get(metadata, have, id, file);
        } catch (IOException unreachable) {
            throw new BrokenTransfer(unreachable);
        }
        // 206 continues where we stopped; a server that ignores Range answers 200 with the whole file.
        long offset = response.statusCode() == 206 ? have : 0;
        ProgressBar bar = new ProgressBar(progress, file, metadata.size(), offset, nanoClock);
        try (InputStream in = new StallGuard(response.body(), client.downloadTimeout());
             OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     offset > 0 ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buffer = new byte[1 << 16];
            // A body longer than announced is cut at the announced size: an endless one must not fill the disk.
            long left = metadata.size() >= 0 ? metadata.size() - offset : Long.MAX_VALUE;
            for (int n; left > 0 && (n = read(in, buffer, (int) Math.min(buffer.length, left))) >= 0; left -= n) {
                out.write(buffer, 0, n);
                bar.advance(n);
            }
        } finally {
            bar.finish();
        }
        if (metadata.size() >= 0 && Files.size(partial) < metadata.size()) {
            throw new BrokenTransfer(new IOException("the connection closed before the end of the file"));
        }
    }

    private static int read(InputStream in, byte[] buffer, int length) throws BrokenTransfer {
        try {
            return in.read(buffer, 0, length);
        } catch (IOException broken) {
            throw new BrokenTransfer(broken);
        }
    }

    /** The network failed mid-transfer: worth resuming, unlike a failure to write the cache. */
    private static final class BrokenTransfer extends Exception {
        private static final long serialVersionUID = 1L;

        BrokenTransfer(IOException cause) {
            super(cause);
        }

        IOException cause() {
            return (IOException) getCause();
        }
    }
}
