package dev.visibility.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A small text file in this plugin's cache that remembers the result of slow work (hashing a large file, timing
 * the machine) for a key: the key's lines, then the values' lines. A memo only saves time, so one that is missing,
 * unreadable, damaged or written for another key counts as none, and one that cannot be written is left out: a
 * read-only home must not fail a build.
 */
public final class MemoFile {
    private final Path file;
    private final List<String> key;

    /**
     * The memo for {@code key}, in {@code folder} (made when the memo is first written) under a file name derived
     * from {@code name}: memos of one name replace each other.
     */
    public MemoFile(Path folder, String name, List<String> key) {
        this.file = folder.resolve(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)) + ".txt");
        this.key = List.copyOf(key);
    }

    /** The remembered values, if the memo holds exactly {@code count} of them for this key. */
    public Optional<List<String>> values(int count) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.size() != key.size() + count || !lines.subList(0, key.size()).equals(key)) {
                return Optional.empty();
            }
            return Optional.of(List.copyOf(lines.subList(key.size(), lines.size())));
        } catch (IOException missingOrUnreadable) {
            return Optional.empty();
        }
    }

    /** Remembers {@code values} for this key, atomically, unless the memo cannot be written. */
    public void remember(List<String> values) {
        List<String> lines = new ArrayList<>(key);
        lines.addAll(values);
        try {
            AtomicFiles.write(file, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException notWritable) {
            // Next time the work is done again, which is all that a memo saves.
        }
    }
}
