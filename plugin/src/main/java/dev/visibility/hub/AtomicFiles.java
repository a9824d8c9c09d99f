package dev.visibility.hub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * Writes into the cache so that a reader, or a crash, never sees a half-written file: everything is written
 * next to its target under a hidden temporary name, then renamed over it in one step.
 */
final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes {@code content} to {@code target}. */
    static void write(Path target, byte[] content) throws IOException {
        Path temp = temporarySibling(target);
        try {
            Files.write(temp, content);
            move(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Points the symbolic link {@code link} at {@code target} (usually a relative path). */
    static void symlink(Path link, Path target) throws IOException {
        Path temp = temporarySibling(link);
        try {
            Files.createSymbolicLink(temp, target);
            move(temp, link);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Copies {@code source} to {@code target}; for file systems without symbolic links. */
    static void copy(Path source, Path target) throws IOException {
        Path temp = temporarySibling(target);
        try {
            Files.copy(source, temp);
            move(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Renames {@code source} to {@code target} in one step, replacing what was there. */
    static void move(Path source, Path target) throws IOException {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static Path temporarySibling(Path target) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        return target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    }
}
