package dev.visibility.hub;

import dev.visibility.model.ShardedCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which files hold a folder's weights, and the index of sharded weights read as strictly as a path demands. */
class WeightFilesTest {
    @TempDir
    Path folder;

    @Test
    void theShardsAreNamedOnceEachInSortedOrder() throws Exception {
        writeIndex(Map.of("lm_head.weight", "model-00002-of-00002.safetensors",
                "model.embed_tokens.weight", "model-00001-of-00002.safetensors",
                "model.norm.weight", "model-00002-of-00002.safetensors"));

        assertEquals(Optional.of(List.of(WeightFiles.INDEX, "model-00001-of-00002.safetensors",
                "model-00002-of-00002.safetensors")), WeightFiles.expected(folder, "the test"));
        assertFalse(WeightFiles.complete(folder, "the test"), "the shards are not there");
    }

    @Test
    void modelSafetensorsWinsOverAnIndexAndNeitherIsNothing() throws Exception {
        assertEquals(Optional.empty(), WeightFiles.expected(folder, "the test"));

        writeIndex(Map.of("w", "../outside.safetensors"));
        Files.write(folder.resolve(WeightFiles.SINGLE), new byte[8]);

        assertEquals(Optional.of(List.of(WeightFiles.SINGLE)), WeightFiles.expected(folder, "the test"),
                "the index is not even read");
        assertTrue(WeightFiles.complete(folder, "the test"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../model.safetensors", "/abs/model.safetensors", "C:model.safetensors",
            "shards\\model.safetensors", "shards/model-1.safetensors", "./model.safetensors", ".safetensors",
            "pytorch_model-00001-of-00002.bin", "model.safetensors\u0000", ""})
    void aShardNameThatIsNotAPlainSafetensorsFileNameIsRefused(String shard) throws IOException {
        writeIndex(Map.of("model.norm.weight", shard));

        String message = refusal();

        assertTrue(message.startsWith("The model.safetensors.index.json of the test cannot be used: its weight_map"
                + " names the shard '"), message);
        assertTrue(message.contains("which is not the name of a .safetensors file in the same folder"), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not JSON", "{\"weight_map\": {\"w\": \"a.safetensors\"}} {}",
            "{'weight_map': {'w': 'a.safetensors'}}", "[]", "{}", "{\"weight_map\": {}}",
            "{\"weight_map\": [\"a.safetensors\"]}", "{\"weight_map\": {\"w\": 1}}"})
    void anIndexThatIsNotAWeightMapIsRefused(String json) throws IOException {
        Files.writeString(folder.resolve(WeightFiles.INDEX), json, StandardCharsets.UTF_8);

        String message = refusal();

        assertTrue(message.startsWith("The model.safetensors.index.json of the test cannot be used: "), message);
        assertTrue(message.endsWith("It must map each tensor name to a .safetensors file next to it, as"
                + " model.save_pretrained writes it."), message);
    }

    private void writeIndex(Map<String, String> weightMap) throws IOException {
        Files.write(folder.resolve(WeightFiles.INDEX), ShardedCheckpoint.index(weightMap));
    }

    private String refusal() {
        return assertThrows(ModelNotAvailableException.class, () -> WeightFiles.expected(folder, "the test"))
                .getMessage();
    }
}
