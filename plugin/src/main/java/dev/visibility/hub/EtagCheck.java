package dev.visibility.hub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Checks a downloaded file against what the hub announced. huggingface_hub trusts the transfer; a 6 GB file read
 * once more costs seconds, while a silently corrupt model would cost a wrong site, so this checks.
 */
final class EtagCheck {
    private static final String SHA256 = "[0-9a-f]{64}";
    private static final String GIT_SHA1 = "[0-9a-f]{40}";

    private EtagCheck() {
    }

    /** True for the two etags the hub sends, both of which can be checked: a sha256 or a git blob sha1. */
    static boolean isDigest(String etag) {
        return etag.matches(SHA256) || etag.matches(GIT_SHA1);
    }

    /**
     * What is wrong with {@code file}, or empty when it matches. A 64-hex etag is a sha256 (large files), a
     * 40-hex one a git blob sha1 (small files); {@link HubClient} refuses every other etag.
     */
    static Optional<String> mismatch(Path file, FileMetadata expected) throws IOException {
        long size = Files.size(file);
        if (expected.size() >= 0 && size != expected.size()) {
            return Optional.of(size + " bytes arrived instead of " + expected.size());
        }
        String etag = expected.etag();
        return etag.matches(SHA256)
                ? differ("sha256", FileDigest.sha256(file), etag)
                : differ("git sha1", FileDigest.gitBlobSha1(file), etag);
    }

    private static Optional<String> differ(String algorithm, String actual, String expected) {
        return actual.equals(expected)
                ? Optional.empty()
                : Optional.of("its " + algorithm + " is " + actual + " instead of " + expected);
    }
}
