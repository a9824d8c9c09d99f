package dev.visibility.pipeline;

import dev.visibility.ByteMutations;
import dev.visibility.Folders;
import dev.visibility.FuzzRun;
import dev.visibility.influence.InfluenceMatrix;
import dev.visibility.model.Residual;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Damages cache entries at random, for about 10 seconds with a fixed seed, and reads them back. An entry whose
 * bytes changed must never be served; one rewritten with a matching checksum, as a careless tool or an older
 * version could, must be served exactly when its numbers are a possible {@code G} for its key (finite,
 * non-negative, zero outside the causal cone, of the key's shape). Anything else is deleted with one log line
 * that names the file: never an exception, and nothing left in the cache but a good entry.
 *
 * <p>{@code -Dvisibility.fuzz.seed=N} and {@code -Dvisibility.fuzz.seconds=S} replay or lengthen a run.
 */
class HeatmapCacheFuzzIT {
    /** Magic, version, the key's SHA-256, layers and positions; then the values, then a SHA-256 of all before. */
    private static final int HEADER_BYTES = 4 + 4 + 32 + 4 + 4;
    private static final int HASH_BYTES = 32;
    private static final List<Float> ODD_VALUES = List.of(Float.NaN, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, -1f, -0f, 0f, Float.MIN_VALUE, Float.MAX_VALUE, 1e-30f, 7f);
    private static final List<Integer> ODD_SIZES = List.of(0, -1, 1, 2, 3, 46_341, Integer.MAX_VALUE,
            Integer.MIN_VALUE, 65_536);

    @TempDir
    Path temp;

    private final FuzzRun run = FuzzRun.start("cache", 19, 10);
    private final Random random = run.random();

    @Test
    void aDamagedEntryIsNeverServedAndAPossibleOneExactly() throws Exception {
        for (int index = 0; run.more(); index++) {
            Path folder = temp.resolve("cache" + index);
            int layers = 1 + random.nextInt(3);
            int positions = 1 + random.nextInt(4);
            String key = CacheKey.of("sha256:" + index, Residual.CENTERED,
                    random.longs(positions, 0, 50_000).toArray());
            List<String> log = new ArrayList<>();
            HeatmapCache cache = new HeatmapCache(folder, log::add);
            cache.write(key, causal(layers, positions));
            Path file = folder.resolve(key + ".g");
            byte[] written = Files.readAllBytes(file);
            Damage damage = damage(written, layers, positions);
            Files.write(file, damage.bytes());

            Object outcome = run.within(damage.description(), () -> {
                try {
                    return cache.read(key, layers, positions);
                } catch (Throwable e) {
                    return e;
                }
            });
            judge(damage, outcome, log, folder, file);
            Folders.delete(folder);
        }
        run.finish(100);
    }

    /**
     * Changed bytes, and the values they must be served as, where they must be served.
     *
     * @param served the values of a possible {@code G} for the key, or {@code null} where the entry must be refused
     */
    private record Damage(byte[] bytes, String description, float[] served) {
    }

    private void judge(Damage damage, Object outcome, List<String> log, Path folder, Path file) {
        String description = damage.description();
        if (!(outcome instanceof Optional<?> maybe)) {
            run.wrong(description, "threw " + outcome);
            return;
        }
        Optional<InfluenceMatrix> read = maybe.map(InfluenceMatrix.class::cast);
        if (read.isPresent() && damage.served() == null) {
            run.wrong(description, "served " + Arrays.toString(read.get().values()));
        } else if (read.isPresent() && !Arrays.equals(read.get().values(), damage.served())) {
            run.wrong(description, "served " + Arrays.toString(read.get().values()) + " instead of "
                    + Arrays.toString(damage.served()));
        } else if (read.isPresent() && (!log.isEmpty() || !Folders.list(folder).equals(List.of(file.getFileName()
                .toString())))) {
            run.wrong(description, "served, but logged " + log + " and left " + Folders.list(folder));
        } else if (read.isPresent()) {
            run.read();
        } else if (damage.served() != null) {
            run.wrong(description, "refused a possible G: " + log);
        } else if (log.size() != 1 || !FuzzRun.isOneClearLine(log.get(0))
                || !log.get(0).startsWith("visibility: cache entry " + file + " ")) {
            run.wrong(description, "refused with the log " + log);
        } else if (!Folders.list(folder).isEmpty()) {
            run.wrong(description, "refused, but left " + Folders.list(folder));
        } else {
            run.refused();
        }
    }

    /** Non-zero, finite values inside the causal cone (a lower layer, a position not later), zeros elsewhere. */
    private InfluenceMatrix causal(int layers, int positions) {
        float[] values = new float[InfluenceMatrix.cells(layers, positions)];
        for (int targetLayer = 0; targetLayer < layers; targetLayer++) {
            for (int targetPosition = 0; targetPosition < positions; targetPosition++) {
                for (int layer = 0; layer < targetLayer; layer++) {
                    for (int position = 0; position <= targetPosition; position++) {
                        values[InfluenceMatrix.index(layers, positions, targetLayer, targetPosition, layer,
                                position)] = random.nextFloat() * 10;
                    }
                }
            }
        }
        return new InfluenceMatrix(layers, positions, values);
    }

    private Damage damage(byte[] written, int layers, int positions) throws Exception {
        float[] values = values(written, layers * positions);
        switch (random.nextInt(3)) {
            case 0 -> {
                ByteMutations.Mutated mutated = ByteMutations.any(written, random);
                // Every byte is under the checksum: only bytes left as they were may be served.
                boolean same = Arrays.equals(mutated.bytes(), written);
                return new Damage(mutated.bytes(), mutated.description(), same ? values : null);
            }
            case 1 -> {
                int cell = random.nextInt(values.length);
                float value = run.pick(ODD_VALUES);
                byte[] changed = written.clone();
                ByteBuffer.wrap(changed).putFloat(HEADER_BYTES + 4 * cell, value);
                float[] now = values.clone();
                now[cell] = value;
                boolean possible = now[cell] >= 0 && now[cell] < Float.POSITIVE_INFINITY
                        && (now[cell] == 0 || insideCone(cell, layers, positions));
                return new Damage(rehashed(changed), "value " + cell + " set to " + value + ", checksum matching",
                        possible ? now : null);
            }
            default -> {
                int layersNow = random.nextBoolean() ? run.pick(ODD_SIZES) : layers;
                int positionsNow = random.nextBoolean() ? run.pick(ODD_SIZES) : positions;
                byte[] changed = written.clone();
                ByteBuffer.wrap(changed).putInt(HEADER_BYTES - 8, layersNow).putInt(HEADER_BYTES - 4, positionsNow);
                boolean same = layersNow == layers && positionsNow == positions;
                return new Damage(rehashed(changed), "shape set to " + layersNow + " layers, " + positionsNow
                        + " positions, checksum matching", same ? values : null);
            }
        }
    }

    /** Whether {@code cell} of {@code G[L][P][l][p]} lies where causality lets it be non-zero. */
    private static boolean insideCone(int cell, int layers, int positions) {
        int position = cell % positions;
        int layer = cell / positions % layers;
        int targetPosition = cell / positions / layers % positions;
        int targetLayer = cell / positions / layers / positions;
        return layer < targetLayer && position <= targetPosition;
    }

    private static float[] values(byte[] entry, int states) {
        float[] values = new float[states * states];
        ByteBuffer.wrap(entry, HEADER_BYTES, 4 * values.length).asFloatBuffer().get(values);
        return values;
    }

    /** The entry with its last 32 bytes replaced by the SHA-256 of all before them. */
    private static byte[] rehashed(byte[] entry) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update(entry, 0, entry.length - HASH_BYTES);
        byte[] result = entry.clone();
        System.arraycopy(sha256.digest(), 0, result, entry.length - HASH_BYTES, HASH_BYTES);
        return result;
    }
}
