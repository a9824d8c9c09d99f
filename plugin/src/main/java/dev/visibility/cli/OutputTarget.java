package dev.visibility.cli;

import dev.visibility.io.AtomicFiles;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where {@code compute --out} and {@code export --svg} write. {@code -} is standard output. A regular file (or a new one) is replaced
 * atomically; through a symbolic link, the file it points at is replaced and the link kept. Anything else that
 * exists (a device such as {@code /dev/null}, a FIFO) is written through, never replaced: run as root, replacing
 * {@code /dev/null} with a JSON file would break the whole system.
 */
final class OutputTarget {
    private enum Kind { STANDARD_OUTPUT, REGULAR_FILE, SPECIAL_FILE }

    private final Kind kind;
    private final Path path;

    private OutputTarget(Kind kind, Path path) {
        this.kind = kind;
        this.path = path;
    }

    /**
     * Checks the path before anything is computed, so that a wrong path fails at once, not after the work.
     *
     * @param flag the flag that named it, for messages, e.g. {@code --out}
     * @throws UsageException for a folder, or a symbolic link to nothing
     */
    static OutputTarget of(String flag, String out) throws UsageException, IOException {
        if (out.equals("-")) {
            return new OutputTarget(Kind.STANDARD_OUTPUT, null);
        }
        Path given = Path.of(out);
        if (!Files.exists(given, LinkOption.NOFOLLOW_LINKS)) {
            return new OutputTarget(Kind.REGULAR_FILE, given);
        }
        Path real;
        try {
            real = given.toRealPath();
        } catch (NoSuchFileException dangling) {
            throw new UsageException(flag + " " + out + " is a symbolic link to a file that does not exist; give the"
                    + " file itself");
        }
        if (Files.isDirectory(real)) {
            throw new UsageException(flag + " " + out + " is a folder; give a file name, or - for standard output");
        }
        return new OutputTarget(Files.isRegularFile(real) ? Kind.REGULAR_FILE : Kind.SPECIAL_FILE, real);
    }

    /** Writes the output; {@code stdout} is used for {@code -}. */
    void write(AtomicFiles.Content content, PrintStream stdout) throws IOException {
        switch (kind) {
            case STANDARD_OUTPUT -> {
                content.writeTo(stdout);
                stdout.flush();
            }
            case REGULAR_FILE -> AtomicFiles.write(path, content);
            case SPECIAL_FILE -> {
                try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.WRITE)) {
                    content.writeTo(out);
                }
            }
        }
    }

    boolean isStandardOutput() {
        return kind == Kind.STANDARD_OUTPUT;
    }

    /** How the log names it. */
    String describe() {
        return kind == Kind.STANDARD_OUTPUT ? "standard output" : path.toString();
    }
}
