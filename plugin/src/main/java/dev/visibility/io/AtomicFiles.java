package dev.visibility.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.UUID;

/**
 * Writes files so that a reader, or a crash, never sees a half-written one: everything is written next to its
 * target under a hidden temporary name, then renamed over it in one step.
 */
public final class AtomicFiles {
    /** Writes the content of a file to the stream it is given. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** How much of the target's name its temporary sibling keeps, so that the sibling's name stays short. */
    private static final int TEMPORARY_STEM = 64;

    private AtomicFiles() {
    }

    /** Writes {@code content} to {@code target}. */
    public static void write(Path target, Content content) throws IOException {
        replace(target, temporary -> {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                content.writeTo(out);
            }
        });
    }

    /** Writes {@code bytes} to {@code target}. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /**
     * Writes {@code bytes} to {@code target} unless it holds exactly them already. A file whose name promises its
     * content (a content hash) is checked too: a damaged copy from an earlier build must not survive it.
     */
    public static void writeIfDifferent(Path target, byte[] bytes) throws IOException {
        boolean same = Files.isRegularFile(target) && Files.size(target) == bytes.length
                && Arrays.equals(Files.readAllBytes(target), bytes);
        if (!same) {
            write(target, bytes);
        }
    }

    /** Points the symbolic link {@code link} at {@code target} (usually a relative path). */
    public static void symlink(Path link, Path target) throws IOException {
        replace(link, temporary -> Files.createSymbolicLink(temporary, target));
    }

    /** Copies {@code source} to {@code target}; for file systems without symbolic links. */
    public static void copy(Path source, Path target) throws IOException {
        replace(target, temporary -> Files.copy(source, temporary));
    }

    /** Renames {@code source} to {@code target} in one step, replacing what was there. */
    public static void move(Path source, Path target) throws IOException {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Creates a file at a temporary path beside {@code target}. */
    private interface Creation {
        void create(Path temporary) throws IOException;
    }

    /** Creates the new file under a temporary name, then renames it over {@code target}. */
    private static void replace(Path target, Creation creation) throws IOException {
        Path temporary = temporarySibling(target);
        try {
            creation.create(temporary);
            move(temporary, target);
        } catch (FileSystemException e) {
            throw e;
        } catch (IOException e) {
            // A full disk says only "No space left on device": name the file that could not be written.
            throw new IOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static Path temporarySibling(Path target) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        // Cut long names: a file name near the file system's limit of 255 bytes must still get a temporary sibling.
        String name = target.getFileName().toString();
        String stem = name.length() > TEMPORARY_STEM ? name.substring(0, TEMPORARY_STEM) : name;
        return target.resolveSibling("." + stem + "." + UUID.randomUUID() + ".tmp");
    }
}
