package dev.visibility;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Whole folders for tests: deleted, copied elsewhere as a checkout on another machine would have them, or listed.
 */
public final class Folders {
    private Folders() {
    }

    /** Deletes {@code folder} and everything in it; nothing happens if it does not exist. */
    public static void delete(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        for (Path path : walk(folder).stream().sorted(Comparator.reverseOrder()).toList()) {
            try {
                Files.delete(path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Copies {@code from} to {@code to}, which must not exist yet. */
    public static void copy(Path from, Path to) {
        for (Path path : walk(from)) {
            try {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The names of what {@code folder} holds directly, sorted. */
    public static List<String> list(Path folder) {
        return entries(folder).stream().map(path -> path.getFileName().toString()).sorted().toList();
    }

    /** The one entry of {@code folder}; the test fails if it holds none or several. */
    public static Path onlyFile(Path folder) {
        List<Path> all = entries(folder);
        assertEquals(1, all.size(), all.toString());
        return all.get(0);
    }

    private static List<Path> entries(Path folder) {
        try (Stream<Path> paths = Files.list(folder)) {
            return paths.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code folder} and everything below it, parents before their contents. */
    private static List<Path> walk(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            return paths.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
