package dev.visibility.hub;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The two hashes the hub names files by; sha256 also identifies a local folder's weights. */
final class FileDigest {
    private FileDigest() {
    }

    /** The sha256 of the file, which is the ETag of large (LFS) files. */
    static String sha256(Path file) throws IOException {
        return hex("SHA-256", file, new byte[0]);
    }

    /** The git blob id ({@code sha1("blob <size>\0" + content)}), which is the ETag of small files. */
    static String gitBlobSha1(Path file) throws IOException {
        byte[] header = ("blob " + Files.size(file) + "\0").getBytes(StandardCharsets.US_ASCII);
        return hex("SHA-1", file, header);
    }

    /** The sha256 of {@code parts}, one after the other. */
    static String sha256(byte[]... parts) {
        MessageDigest digest = digest("SHA-256");
        for (byte[] part : parts) {
            digest.update(part);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String hex(String algorithm, Path file, byte[] prefix) throws IOException {
        MessageDigest digest = digest(algorithm);
        digest.update(prefix);
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException missing) {
            throw new IllegalStateException("every Java runtime has " + algorithm, missing);
        }
    }
}
