package dev.visibility.model;

import dev.visibility.TestModels;
import dev.visibility.influence.InfluenceComputation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Sharded weights, as {@code save_pretrained} writes a large model, read through their index. */
class CheckpointTest {
    private static final long[] IDS = {317, 51, 258, 265, 257, 275, 257, 274, 260, 220, 76};

    @TempDir
    Path temp;

    /** The tiny Llama's weights in two shards and an index, with its config and tokenizer. */
    private Path sharded(Map<String, byte[]> files) throws IOException {
        Path folder = Files.createDirectories(temp.resolve("sharded"));
        for (String file : new String[] {"config.json", "tokenizer.json"}) {
            Files.copy(TestModels.fixture("tiny-llama").resolve(file), folder.resolve(file));
        }
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Files.write(folder.resolve(file.getKey()), file.getValue());
        }
        return folder;
    }

    private static Map<String, byte[]> shards() throws IOException {
        return new LinkedHashMap<>(ShardedCheckpoint.split(Files.readAllBytes(
                TestModels.fixture("tiny-llama").resolve(Checkpoint.SINGLE_FILE))));
    }

    private static float[] influence(Path folder) throws Exception {
        try (Transformer model = Transformer.load(folder, Residual.RAW)) {
            return InfluenceComputation.compute(model, IDS, InfluenceComputation.Progress.NONE).values();
        }
    }

    @Test
    void shardedWeightsGiveExactlyTheNumbersOfOneFile() throws Exception {
        assertArrayEquals(influence(TestModels.fixture("tiny-llama")), influence(sharded(shards())));
    }

    @Test
    void aShardOutsideTheFolderIsRefusedByName() throws Exception {
        Map<String, byte[]> files = shards();
        files.put(Checkpoint.INDEX, ShardedCheckpoint.index(Map.of("model.embed_tokens.weight", "../elsewhere.safetensors")));
        Path folder = sharded(files);

        ModelLoadException error = assertThrows(ModelLoadException.class, () -> Transformer.load(folder, Residual.RAW));
        assertEquals(folder.resolve(Checkpoint.INDEX) + ": its weight_map names the shard '../elsewhere.safetensors',"
                + " which is not the name of a .safetensors file in the same folder (no folders, '..', absolute paths"
                + " or backslashes)", error.getMessage());
    }

    @Test
    void aTensorMissingFromTheShardItsIndexNamesIsNamed() throws Exception {
        String tensor = "model.layers.0.mlp.up_proj.weight";
        Path folder = sharded(shards());
        String wrongShard;
        try (SafeTensors first = SafeTensors.open(folder.resolve(ShardedCheckpoint.FIRST))) {
            wrongShard = first.entries().containsKey(tensor) ? ShardedCheckpoint.SECOND : ShardedCheckpoint.FIRST;
        }
        Files.write(folder.resolve(Checkpoint.INDEX), ShardedCheckpoint.index(Map.of(tensor, wrongShard)));

        ModelLoadException error = assertThrows(ModelLoadException.class, () -> Transformer.load(folder, Residual.RAW));
        assertEquals(folder.resolve(Checkpoint.INDEX) + ": tensor '" + tensor + "' should be in " + wrongShard
                + ", which does not have it", error.getMessage());
    }
}
