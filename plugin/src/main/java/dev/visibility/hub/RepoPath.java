package dev.visibility.hub;

import java.nio.charset.StandardCharsets;

/**
 * The rule for a file name that the hub lists: it becomes a path under a snapshot folder and part of a URL, so it
 * must stay a plain relative path on every operating system.
 */
final class RepoPath {
    private static final int MAX_LENGTH = 1000;

    private RepoPath() {
    }

    /**
     * True for {@code a/b.parquet}; false for an empty name, one that is absolute ({@code /x}, {@code C:x}), that
     * climbs or stands still ({@code ..}, {@code .}), has an empty folder ({@code a//b}), a backslash, a control
     * character or a lone surrogate.
     */
    static boolean isSafe(String path) {
        // A lone surrogate (JSON can escape one) is no character: no file system can name a file with it.
        if (path.isEmpty() || path.length() > MAX_LENGTH || path.matches("[A-Za-z]:.*")
                || path.chars().anyMatch(c -> c == '\\' || Character.isISOControl(c))
                || !StandardCharsets.UTF_8.newEncoder().canEncode(path)) {
            return false;
        }
        for (String part : path.split("/", -1)) {
            // A name longer than 255 bytes fits no common file system, so it could never be cached.
            if (part.isEmpty() || part.equals(".") || part.equals("..")
                    || part.getBytes(StandardCharsets.UTF_8).length > 255) {
                return false;
            }
        }
        return true;
    }
}
