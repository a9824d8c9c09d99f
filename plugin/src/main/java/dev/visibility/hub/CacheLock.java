package dev.visibility.hub;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Keeps two processes (two builds, or a build and a command) from writing the same partial file of a blob.
 *
 * <p>A file lock belongs to the whole JVM, so it does not order threads. None need ordering: a JVM runs one bake
 * or one command at a time, and each downloads its files one after the other (see {@code README.md},
 * "Threading").
 */
final class CacheLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock fileLock;

    private CacheLock(FileChannel channel, FileLock fileLock) {
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /** Waits until this process alone may write the blob that {@code lockFile} guards. */
    static CacheLock acquire(Path lockFile) throws IOException {
        Files.createDirectories(lockFile.getParent());
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            return new CacheLock(channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            fileLock.release();
        } finally {
            channel.close();
        }
    }
}
