package dev.visibility.pipeline;

import dev.visibility.influence.CausalCone;
import dev.visibility.influence.InfluenceMatrix;
import dev.visibility.io.AtomicFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A folder of influence matrices, one file per {@link CacheKey}.
 *
 * <p>A file is {@code "VISG"}, a format version, the SHA-256 of its key, the layer and position counts, the
 * float32 values of {@code G} and a SHA-256 of everything before it. The key inside binds the file to its name:
 * an entry copied or renamed onto another key is not served as that key's matrix. The hash tells a truncated or
 * damaged file from a good one; it is no signature, so whoever can write the folder can write any numbers that
 * pass it. What the key determines is checked too: the layers and positions, finite non-negative values, and
 * zeros wherever causality makes {@code G} zero. A file that fails any check is deleted with a note (or, where
 * it cannot be deleted, left with a warning), and its matrix computed again. The header is checked against the
 * file's size before the values are read, so a huge or foreign file costs no memory.
 */
public final class HeatmapCache {
    private static final int MAGIC = 0x56495347; // "VISG"
    private static final int VERSION = 2;
    private static final int HASH_BYTES = 32;
    private static final int HEADER_BYTES = 4 + 4 + HASH_BYTES + 4 + 4;
    /** {@code G} has {@code states²} values, and one Java array holds at most 2^31 - 1 of them. */
    private static final long MAX_STATES = 46_340;

    private final Path folder;
    private final Consumer<String> log;
    private int unwritten;

    /**
     * @param folder where the files live; created on the first write
     * @param log    receives a line when a damaged or mismatched entry is thrown away, and when the first entry
     *               cannot be written (the others are counted: {@link #unwritten()})
     */
    public HeatmapCache(Path folder, Consumer<String> log) {
        this.folder = folder;
        this.log = log;
    }

    /**
     * The matrix stored under {@code key}, or empty if there is none or it was damaged or another key's.
     *
     * @param layers    the layers the key's matrix has
     * @param positions the positions (tokens) the key's matrix has
     */
    public Optional<InfluenceMatrix> read(String key, int layers, int positions) throws IOException {
        Path file = fileOf(key);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Decoded decoded = decode(file, key, layers, positions);
        if (decoded.matrix().isEmpty()) {
            discard(file, decoded.problem());
        }
        return decoded.matrix();
    }

    /** Deletes a damaged entry; one that cannot be deleted (a read-only cache) is only computed again. */
    private void discard(Path file, String problem) {
        try {
            Files.deleteIfExists(file);
            log.accept("visibility: cache entry " + file + " " + problem + "; deleted it, computing again");
        } catch (IOException e) {
            log.accept("visibility: warning: cache entry " + file + " " + problem + ", and deleting it failed ("
                    + e.getMessage() + "); computing it again without the cache");
        }
    }

    /**
     * Stores {@code matrix} under {@code key}, atomically. A cache that cannot be written is reported once, then
     * counted, not thrown: the matrix took long to compute and its figure can still be published; only the next
     * build computes it again.
     */
    public void write(String key, InfluenceMatrix matrix) {
        float[] values = matrix.values();
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + 4 * values.length + HASH_BYTES)
                .putInt(MAGIC).putInt(VERSION).put(keyHash(key)).putInt(matrix.layers()).putInt(matrix.positions());
        buffer.asFloatBuffer().put(values);
        buffer.position(HEADER_BYTES + 4 * values.length);
        MessageDigest digest = CacheKey.sha256Digest();
        digest.update(buffer.array(), 0, buffer.position());
        buffer.put(digest.digest());
        try {
            AtomicFiles.write(fileOf(key), buffer.array());
        } catch (IOException e) {
            if (unwritten++ == 0) {
                log.accept("visibility: cannot keep computed heatmaps in the cache " + folder + " (" + reason(e)
                        + "); this build uses them, and the next one computes them again; further heatmaps that"
                        + " cannot be kept are counted in the summary");
            }
        }
    }

    /** How many matrices could not be written. */
    public int unwritten() {
        return unwritten;
    }

    private String reason(IOException e) {
        return Files.exists(folder) && !Files.isDirectory(folder) ? "it is a file, not a folder" : e.getMessage();
    }

    private Path fileOf(String key) {
        return folder.resolve(key + ".g");
    }

    private static byte[] keyHash(String key) {
        return CacheKey.sha256(key.getBytes(StandardCharsets.UTF_8));
    }

    /** The matrix of a file, or what is wrong with it. */
    private record Decoded(Optional<InfluenceMatrix> matrix, String problem) {
        static Decoded problem(String problem) {
            return new Decoded(Optional.empty(), problem);
        }
    }

    private static Decoded decode(Path file, String key, int expectedLayers, int expectedPositions)
            throws IOException {
        long size = Files.size(file);
        if (size < HEADER_BYTES + HASH_BYTES) {
            return Decoded.problem("is damaged (too short)");
        }
        MessageDigest digest = CacheKey.sha256Digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            ByteBuffer header = ByteBuffer.wrap(in.readNBytes(HEADER_BYTES));
            if (header.getInt() != MAGIC || header.getInt() != VERSION) {
                return Decoded.problem("is damaged or from another version");
            }
            byte[] storedKey = new byte[HASH_BYTES];
            header.get(storedKey);
            if (!Arrays.equals(storedKey, keyHash(key))) {
                return Decoded.problem("holds the heatmaps of another key (a copied or renamed file)");
            }
            long layers = header.getInt();
            long positions = header.getInt();
            long states = layers * positions;
            long count = states * states;
            // Bounds the memory a file can ask for: the values must fit one array and match the file's size.
            if (layers <= 0 || positions <= 0 || states > MAX_STATES || size != HEADER_BYTES + 4 * count + HASH_BYTES) {
                return Decoded.problem("is damaged (its size does not match its header)");
            }
            ByteBuffer values = ByteBuffer.wrap(in.readNBytes((int) (4 * count)));
            byte[] expected = digest.digest();
            if (!Arrays.equals(expected, in.readNBytes(HASH_BYTES))) {
                return Decoded.problem("is damaged (its checksum does not match)");
            }
            if (layers != expectedLayers || positions != expectedPositions) {
                return Decoded.problem("is damaged (it holds " + layers + " layers and " + positions
                        + " positions, where its key has " + expectedLayers + " and " + expectedPositions + ")");
            }
            float[] floats = new float[(int) count];
            values.asFloatBuffer().get(floats);
            InfluenceMatrix matrix = new InfluenceMatrix((int) layers, (int) positions, floats);
            Optional<String> outside = CausalCone.firstNonZeroOutside(matrix);
            return outside.isPresent() ? Decoded.problem("is damaged (" + outside.get() + ")")
                    : new Decoded(Optional.of(matrix), "");
        } catch (IllegalArgumentException nonFinite) {
            // NaN or infinite values, e.g. written by a version that did not check them: never publish those.
            return Decoded.problem("is damaged (" + nonFinite.getMessage() + ")");
        }
    }
}
