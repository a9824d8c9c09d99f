package dev.visibility.hub;

import dev.visibility.model.ShardedCheckpoint;
import dev.visibility.Folders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Models in a folder of the user's: no network, identity from the weights' sha256, whole or in shards. */
class LocalFolderTest {
    private static final String WEIGHTS_SHA256 = FakeHub.sha256(FakeHub.fixture(FakeHub.WEIGHTS));

    @TempDir
    Path temp;
    private HubTestSupport support;
    private Path folder;

    @BeforeEach
    void copyModel() throws IOException {
        // An endpoint where nothing listens: a local folder must never need the hub.
        support = new HubTestSupport(temp, URI.create("http://127.0.0.1:9"));
        support.env.put("XDG_CACHE_HOME", temp.resolve("xdg").toString());
        folder = Files.createDirectories(support.home.resolve("models/tiny"));
        write(folder, FakeHub.modelFiles("tiny-gpt2"));
    }

    private static void write(Path folder, Map<String, byte[]> files) throws IOException {
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Files.write(folder.resolve(file.getKey()), file.getValue());
        }
    }

    @Test
    void aFolderIsIdentifiedByTheHashOfItsWeights() throws Exception {
        LocatedModel model = support.locate(folder.toString());

        assertEquals(new LocatedModel(folder.toString(), folder, "sha256:" + WEIGHTS_SHA256), model);
    }

    @Test
    void aTildeMeansTheHomeFolder() throws Exception {
        assertEquals(folder, support.locate("~/models/tiny").folder());
    }

    @Test
    void theHashIsRememberedUntilTheFileChanges() throws Exception {
        support.locate(folder.toString());
        Path memo = Folders.onlyFile(temp.resolve("xdg/visibility/weights-sha256"));
        List<String> lines = Files.readAllLines(memo);
        assertEquals(WEIGHTS_SHA256, lines.get(3));

        // A memo that matches path, size and time is trusted, so a planted value shows that it is used.
        Files.write(memo, List.of(lines.get(0), lines.get(1), lines.get(2), "remembered"));
        assertEquals("sha256:remembered", support.locate(folder.toString()).identity());

        Files.setLastModifiedTime(folder.resolve(FakeHub.WEIGHTS), FileTime.fromMillis(0));
        assertEquals("sha256:" + WEIGHTS_SHA256, support.locate(folder.toString()).identity());
    }

    @Test
    void aFolderWithoutTheTokenizerSaysWhatIsMissing() throws IOException {
        Files.delete(folder.resolve("tokenizer.json"));

        ModelNotAvailableException failure = assertThrows(ModelNotAvailableException.class,
                () -> support.locate(folder.toString()));

        assertTrue(failure.getMessage().startsWith("The model folder " + folder + " has no tokenizer.json."),
                failure.getMessage());
    }

    @Test
    void aShardedFolderIsIdentifiedByItsIndexAndTheHashOfEachShard() throws Exception {
        Path sharded = shardedLlama();
        Map<String, byte[]> files = ShardedCheckpoint.split(FakeHub.fixture("tiny-llama", FakeHub.WEIGHTS));
        String shardHashes = "\n" + FakeHub.sha256(files.get(ShardedCheckpoint.FIRST))
                + "\n" + FakeHub.sha256(files.get(ShardedCheckpoint.SECOND));

        LocatedModel model = support.locate(sharded.toString());

        assertEquals("sha256:" + FakeHub.sha256(concat(files.get(WeightFiles.INDEX),
                shardHashes.getBytes(StandardCharsets.US_ASCII))), model.identity());
        try (Stream<Path> memos = Files.list(temp.resolve("xdg/visibility/weights-sha256"))) {
            assertEquals(2, memos.count(), "each shard is hashed once and remembered");
        }
        byte[] changed = files.get(ShardedCheckpoint.SECOND);
        changed[changed.length - 1] ^= 1;
        Files.write(sharded.resolve(ShardedCheckpoint.SECOND), changed);
        Files.setLastModifiedTime(sharded.resolve(ShardedCheckpoint.SECOND), FileTime.fromMillis(0));
        assertNotEquals(model.identity(), support.locate(sharded.toString()).identity(), "a changed shard");
    }

    @Test
    void aShardedFolderWithoutOneShardNamesIt() throws Exception {
        Path sharded = shardedLlama();
        Files.delete(sharded.resolve(ShardedCheckpoint.SECOND));

        String message = assertThrows(ModelNotAvailableException.class, () -> support.locate(sharded.toString()))
                .getMessage();

        assertTrue(message.startsWith("The model folder " + sharded + " has no " + ShardedCheckpoint.SECOND
                + ", which its model.safetensors.index.json names as a shard of its weights."), message);
    }

    @Test
    void aFolderWithPickleWeightsOnlyIsRefusedWithTheWayToSafetensors() throws Exception {
        Files.delete(folder.resolve(FakeHub.WEIGHTS));
        Files.writeString(folder.resolve(FakeHub.PICKLE), "never read");

        String message = assertThrows(ModelNotAvailableException.class, () -> support.locate(folder.toString()))
                .getMessage();

        assertTrue(message.startsWith("The model folder " + folder + " has its weights only as pytorch_model.bin,"
                + " in PyTorch's pickle format, which this plugin never reads or downloads"), message);
        assertTrue(message.contains(".save_pretrained(folder) writes model.safetensors"), message);
    }

    /** The tiny Llama in a folder, its weights in two shards and an index, as save_pretrained writes a large model. */
    private Path shardedLlama() throws IOException {
        Path sharded = Files.createDirectories(support.home.resolve("models/sharded"));
        Map<String, byte[]> files = new HashMap<>(FakeHub.modelFiles("tiny-llama"));
        files.remove(FakeHub.WEIGHTS);
        files.putAll(ShardedCheckpoint.split(FakeHub.fixture("tiny-llama", FakeHub.WEIGHTS)));
        write(sharded, files);
        return sharded;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
