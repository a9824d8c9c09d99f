package dev.visibility.hub;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EtagCheckTest {
    /** {@code git hash-object} of a file holding "hello\n". */
    private static final String HELLO_GIT_SHA1 = "ce013625030ba8dba906f756967f9e9ca394464a";
    private static final String HELLO_SHA256 = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";

    @TempDir
    Path temp;

    @Test
    void smallFilesAreCheckedAgainstTheirGitBlobId() throws IOException {
        Path file = hello();

        assertEquals(Optional.empty(), EtagCheck.mismatch(file, expected(HELLO_GIT_SHA1, 6)));
        assertEquals(Optional.of("its git sha1 is " + HELLO_GIT_SHA1 + " instead of " + "0".repeat(40)),
                EtagCheck.mismatch(file, expected("0".repeat(40), 6)));
    }

    @Test
    void largeFilesAreCheckedAgainstTheirSha256() throws IOException {
        Path file = hello();

        assertEquals(Optional.empty(), EtagCheck.mismatch(file, expected(HELLO_SHA256, -1)));
        assertEquals(Optional.of("its sha256 is " + HELLO_SHA256 + " instead of " + "f".repeat(64)),
                EtagCheck.mismatch(file, expected("f".repeat(64), -1)));
    }

    @Test
    void theSizeIsCheckedBeforeTheHash() throws IOException {
        Path file = hello();

        assertEquals(Optional.of("6 bytes arrived instead of 7"), EtagCheck.mismatch(file, expected(HELLO_GIT_SHA1, 7)));
    }

    @Test
    void onlyHexDigestsAreEtags() {
        assertTrue(EtagCheck.isDigest(HELLO_GIT_SHA1));
        assertTrue(EtagCheck.isDigest(HELLO_SHA256));
        for (String hostile : List.of(".", "..", "5f3b-1a2b", "../" + "a".repeat(37), HELLO_SHA256.toUpperCase(), "")) {
            assertFalse(EtagCheck.isDigest(hostile), hostile);
        }
    }

    private Path hello() throws IOException {
        return Files.writeString(temp.resolve("hello.txt"), "hello\n");
    }

    private static FileMetadata expected(String etag, long size) {
        return new FileMetadata("1".repeat(40), etag, size, URI.create("http://127.0.0.1/x"), true);
    }
}
