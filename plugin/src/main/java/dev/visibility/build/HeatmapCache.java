package dev.visibility.build;

import dev.visibility.influence.InfluenceMatrix;

import dev.visibility.io.AtomicFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A folder of influence matrices, one file per {@link CacheKey}.
 *
 * <p>A file is {@code "VISG"}, a format version, the layer and position counts, the float32 values of {@code G}
 * and a SHA-256 of everything before it. The hash lets a truncated or damaged file be told apart from a good
 * one; such a file, or one whose values are not all finite, is deleted and its matrix recomputed.
 */
public final class HeatmapCache {
    private static final int MAGIC = 0x56495347; // "VISG"
    private static final int VERSION = 1;
    private static final int HEADER_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private final Path folder;
    private final Consumer<String> log;

    /**
     * @param folder where the files live; created on the first write
     * @param log    receives a line when a damaged entry is thrown away
     */
    public HeatmapCache(Path folder, Consumer<String> log) {
        this.folder = folder;
        this.log = log;
    }

    public Path folder() {
        return folder;
    }

    /** The matrix stored under {@code key}, or empty if there is none or it was damaged. */
    public Optional<InfluenceMatrix> read(String key) throws IOException {
        Path file = fileOf(key);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Optional<InfluenceMatrix> matrix = decode(Files.readAllBytes(file));
        if (matrix.isEmpty()) {
            log.accept("visibility: cache entry " + file + " is damaged; deleting it and computing again");
            Files.deleteIfExists(file);
        }
        return matrix;
    }

    /** Stores {@code matrix} under {@code key}, atomically. */
    public void write(String key, InfluenceMatrix matrix) throws IOException {
        float[] values = matrix.values();
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + 4 * values.length + HASH_BYTES)
                .putInt(MAGIC).putInt(VERSION).putInt(matrix.layers()).putInt(matrix.positions());
        buffer.asFloatBuffer().put(values);
        buffer.position(HEADER_BYTES + 4 * values.length);
        buffer.put(CacheKey.sha256(Arrays.copyOf(buffer.array(), buffer.position())));
        AtomicFiles.write(fileOf(key), buffer.array());
    }

    private Path fileOf(String key) {
        return folder.resolve(key + ".g");
    }

    private static Optional<InfluenceMatrix> decode(byte[] bytes) {
        if (bytes.length < HEADER_BYTES + HASH_BYTES) {
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int magic = buffer.getInt();
        int version = buffer.getInt();
        long layers = buffer.getInt();
        long positions = buffer.getInt();
        long count = layers * positions * layers * positions;
        if (magic != MAGIC || version != VERSION || layers <= 0 || positions <= 0
                || bytes.length != HEADER_BYTES + 4 * count + HASH_BYTES) {
            return Optional.empty();
        }
        int payload = bytes.length - HASH_BYTES;
        byte[] expected = CacheKey.sha256(Arrays.copyOf(bytes, payload));
        if (!Arrays.equals(expected, Arrays.copyOfRange(bytes, payload, bytes.length))) {
            return Optional.empty();
        }
        float[] values = new float[(int) count];
        buffer.asFloatBuffer().get(values);
        try {
            return Optional.of(new InfluenceMatrix((int) layers, (int) positions, values));
        } catch (IllegalArgumentException e) {
            // NaN or infinite values, e.g. written by a version that did not check them: never publish those.
            return Optional.empty();
        }
    }
}
