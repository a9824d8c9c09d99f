package dev.visibility.pipeline;

import dev.visibility.ReadOnlyFolder;
import dev.visibility.influence.InfluenceMatrix;
import dev.visibility.model.Residual;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class HeatmapCacheTest {
    /** Magic, version, the key's SHA-256, layers and positions. */
    private static final int HEADER_BYTES = 4 + 4 + 32 + 4 + 4;

    @TempDir
    Path folder;

    private final List<String> log = new ArrayList<>();

    /** A matrix of 2 layers and 3 positions, non-zero only inside the causal cone, as the engine computes it. */
    private static InfluenceMatrix matrix() {
        float[] values = new float[2 * 3 * 2 * 3];
        for (int targetPosition = 0; targetPosition < 3; targetPosition++) {
            for (int position = 0; position <= targetPosition; position++) {
                values[InfluenceMatrix.index(2, 3, 1, targetPosition, 0, position)] = 1 + targetPosition + position;
            }
        }
        return new InfluenceMatrix(2, 3, values);
    }

    @Test
    void aCacheThatCannotBeWrittenIsReportedAndReadsAsEmpty() throws IOException {
        Path notAFolder = Files.writeString(folder.resolve("cache"), "a file where the folder should be");
        HeatmapCache cache = new HeatmapCache(notAFolder, log::add);

        cache.write("key", matrix());

        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).startsWith("visibility: cannot keep computed heatmaps in the cache " + notAFolder + " ("),
                log.get(0));
        assertTrue(cache.read("key", 2, 3).isEmpty());
    }

    @Test
    void storesAndReadsBackAMatrix() throws IOException {
        HeatmapCache cache = new HeatmapCache(folder.resolve("cache"), log::add);
        String key = CacheKey.of("sha256:abc", Residual.CENTERED, new long[] {1, 2, 3});

        assertTrue(cache.read(key, 2, 3).isEmpty());
        cache.write(key, matrix());
        Optional<InfluenceMatrix> read = cache.read(key, 2, 3);

        assertTrue(read.isPresent());
        assertEquals(2, read.get().layers());
        assertEquals(3, read.get().positions());
        assertArrayEquals(matrix().values(), read.get().values());
        try (var files = Files.list(folder.resolve("cache"))) {
            assertEquals(List.of(key + ".g"), files.map(file -> file.getFileName().toString()).toList(),
                    "no temporary file is left behind");
        }
    }

    @Test
    void detectsAndDeletesDamagedEntries() throws IOException {
        HeatmapCache cache = new HeatmapCache(folder, log::add);
        cache.write("flipped", matrix());
        cache.write("truncated", matrix());
        byte[] bytes = Files.readAllBytes(folder.resolve("flipped.g"));
        bytes[40] ^= 1;
        Files.write(folder.resolve("flipped.g"), bytes);
        Files.write(folder.resolve("truncated.g"), Arrays.copyOf(bytes, bytes.length - 7));

        assertTrue(cache.read("flipped", 2, 3).isEmpty());
        assertTrue(cache.read("truncated", 2, 3).isEmpty());
        assertFalse(Files.exists(folder.resolve("flipped.g")));
        assertFalse(Files.exists(folder.resolve("truncated.g")));
        assertEquals(2, log.size(), log.toString());
        assertTrue(log.get(0).contains("flipped.g is damaged"), log.get(0));
    }

    @Test
    void anEntryWithNonFiniteValuesIsDamagedEvenWithAValidHash() throws IOException {
        HeatmapCache cache = new HeatmapCache(folder, log::add);
        cache.write("nan", matrix());
        byte[] bytes = Files.readAllBytes(folder.resolve("nan.g"));
        ByteBuffer.wrap(bytes).putFloat(HEADER_BYTES + 4 * 7, Float.NaN);
        int payload = bytes.length - 32;
        System.arraycopy(CacheKey.sha256(Arrays.copyOf(bytes, payload)), 0, bytes, payload, 32);
        Files.write(folder.resolve("nan.g"), bytes);

        assertTrue(cache.read("nan", 2, 3).isEmpty());
        assertFalse(Files.exists(folder.resolve("nan.g")));
        assertTrue(log.get(0).contains("nan.g is damaged"), log.toString());
    }

    @Test
    void swappedEntriesAreRecomputedNotServed() throws IOException {
        HeatmapCache cache = new HeatmapCache(folder, log::add);
        cache.write("first", matrix());
        cache.write("second", new InfluenceMatrix(2, 3, new float[2 * 3 * 2 * 3]));
        Path first = folder.resolve("first.g");
        Path second = folder.resolve("second.g");
        Path aside = folder.resolve("aside");
        Files.move(first, aside);
        Files.move(second, first);
        Files.move(aside, second);

        assertTrue(cache.read("first", 2, 3).isEmpty());
        assertTrue(cache.read("second", 2, 3).isEmpty());
        assertEquals(2, log.size(), log.toString());
        assertTrue(log.get(0).contains("first.g holds the heatmaps of another key"), log.get(0));
        assertFalse(Files.exists(first), "deleted, so that the next build stores the right matrix");
    }

    @Test
    void aForeignEntryOfAnotherSizeIsRecomputed() throws IOException {
        HeatmapCache cache = new HeatmapCache(folder, log::add);
        cache.write("foreign", new InfluenceMatrix(3, 5, new float[3 * 5 * 3 * 5]));
        Files.move(folder.resolve("foreign.g"), folder.resolve("mine.g"));

        assertTrue(cache.read("mine", 2, 3).isEmpty());
        cache.write("mine", matrix());

        assertEquals(3, cache.read("mine", 2, 3).orElseThrow().positions());
        assertTrue(log.get(0).contains("mine.g holds the heatmaps of another key"), log.toString());
    }

    @Test
    void anOversizedEntryIsRecomputedWithoutReadingIt() throws IOException {
        HeatmapCache cache = new HeatmapCache(folder, log::add);
        cache.write("huge", matrix());
        Path file = folder.resolve("huge.g");
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.seek(HEADER_BYTES - 8);
            raw.writeInt(40_000);
            raw.writeInt(40_000);
            raw.setLength(3L << 30); // sparse: 3 GB that would not fit the heap
        }

        assertTrue(cache.read("huge", 2, 3).isEmpty());

        assertFalse(Files.exists(file));
        assertTrue(log.get(0).contains("huge.g is damaged (its size does not match its header)"), log.toString());
    }

    @Test
    void anEntryWhoseShapeDoesNotFitItsKeyIsRecomputed() throws IOException {
        HeatmapCache cache = new HeatmapCache(folder, log::add);
        cache.write("short", matrix());

        assertTrue(cache.read("short", 2, 13).isEmpty(), "13 tokens, but the entry has 3 positions");

        assertFalse(Files.exists(folder.resolve("short.g")));
        assertTrue(log.get(0).contains("short.g is damaged (it holds 2 layers and 3 positions, where its key has 2"
                + " and 13)"), log.toString());
    }

    @Test
    void aValueOutsideTheCausalConeIsDamageEvenWithAValidChecksum() throws IOException {
        HeatmapCache cache = new HeatmapCache(folder, log::add);
        float[] values = matrix().values().clone();
        values[InfluenceMatrix.index(2, 3, 1, 0, 0, 2)] = 0.5f; // position 2 cannot reach position 0
        cache.write("acausal", new InfluenceMatrix(2, 3, values));

        assertTrue(cache.read("acausal", 2, 3).isEmpty());

        assertTrue(log.get(0).contains("G[1,0,0,2] is 0.5, where causality makes it 0"), log.toString());
    }

    @Test
    void aDamagedEntryInAReadOnlyCacheIsAWarningNotAFailure() throws Exception {
        Path readOnly = Files.createDirectory(folder.resolve("committed"));
        HeatmapCache cache = new HeatmapCache(readOnly, log::add);
        cache.write("damaged", matrix());
        Path entry = readOnly.resolve("damaged.g");
        byte[] bytes = Files.readAllBytes(entry);
        bytes[60] ^= 1;
        Files.write(entry, bytes);
        try (ReadOnlyFolder locked = ReadOnlyFolder.of(readOnly)) {
            assumeTrue(locked.works(), "the folder can be made read-only for this user");

            assertTrue(cache.read("damaged", 2, 3).isEmpty(), "computed again, not thrown");
        }
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).contains("damaged.g is damaged (its checksum does not match), and deleting it failed"),
                log.get(0));
    }

    @Test
    void anUnwritableCacheWarnsOnceThenCounts() throws IOException {
        Path notAFolder = Files.writeString(folder.resolve("cache"), "a file where the folder should be");
        HeatmapCache cache = new HeatmapCache(notAFolder, log::add);

        for (int i = 0; i < 32; i++) {
            cache.write("key" + i, matrix());
        }

        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).contains("(it is a file, not a folder)"), log.get(0));
        assertEquals(32, cache.unwritten());
    }

    @Test
    void keysDependOnExactlyTheInputsOfTheNumbers() {
        String key = CacheKey.of("repo@1111", Residual.CENTERED, new long[] {5, 6});

        assertEquals(64, key.length());
        assertEquals(key, CacheKey.of("repo@1111", Residual.CENTERED, new long[] {5, 6}));
        assertNotEquals(key, CacheKey.of("repo@2222", Residual.CENTERED, new long[] {5, 6}));
        assertNotEquals(key, CacheKey.of("repo@1111", Residual.RAW, new long[] {5, 6}));
        assertNotEquals(key, CacheKey.of("repo@1111", Residual.CENTERED, new long[] {56}));
    }
}
