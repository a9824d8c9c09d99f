package dev.visibility.pipeline;

import dev.visibility.influence.InfluenceComputation;
import dev.visibility.model.Residual;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The content address of one influence matrix: a SHA-256 over everything that determines its numbers (the
 * engine version, the model identity, the residual convention and the token ids) and nothing else, so that a
 * new model revision or engine recomputes and a changed caption does not.
 */
public final class CacheKey {
    private CacheKey() {
    }

    /**
     * @param modelIdentity the resolved hub commit or the weights' hash
     * @return 64 lowercase hex digits
     */
    public static String of(String modelIdentity, Residual residual, long[] ids) {
        StringBuilder input = new StringBuilder("visibility influence matrix\n")
                .append("engine ").append(InfluenceComputation.ENGINE_VERSION).append('\n')
                .append("model ").append(modelIdentity).append('\n')
                .append("residual ").append(residual.id()).append('\n')
                .append("ids");
        for (long id : ids) {
            input.append(' ').append(id);
        }
        return sha256Hex(input.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** SHA-256 of {@code bytes} as 64 lowercase hex digits. */
    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256(bytes));
    }

    static byte[] sha256(byte[] bytes) {
        return sha256Digest().digest(bytes);
    }

    static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
