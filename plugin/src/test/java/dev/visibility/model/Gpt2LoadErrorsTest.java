package dev.visibility.model;

import dev.visibility.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every broken model folder gives one clear error that names the file and, where it applies, the tensor. */
class Gpt2LoadErrorsTest {
    @TempDir
    Path temp;

    @Test
    void missingWeightsFile() throws Exception {
        CheckpointVariants.copyTokenizerAndConfig(temp);
        assertLoadFails(temp, temp.resolve("model.safetensors") + ": file not found");
    }

    @Test
    void missingConfig() {
        assertLoadFails(temp, temp.resolve("config.json") + ": file not found");
    }

    @Test
    void truncatedWeightsFile() throws Exception {
        Path folder = CheckpointVariants.folderWithBytes(temp, bytes -> Arrays.copyOf(bytes, bytes.length - 1000));
        assertLoadFails(folder, folder.resolve("model.safetensors") + ": truncated: tensor '");
    }

    @Test
    void fileShorterThanItsHeader() throws Exception {
        Path folder = CheckpointVariants.folderWithBytes(temp, bytes -> Arrays.copyOf(bytes, 100));
        assertLoadFails(folder, folder.resolve("model.safetensors") + ": malformed safetensors header");
    }

    @Test
    void emptyFile() throws Exception {
        Path folder = CheckpointVariants.folderWithBytes(temp, bytes -> new byte[0]);
        assertLoadFails(folder, "truncated safetensors file (0 bytes, no header)");
    }

    @Test
    void headerThatIsNotJson() throws Exception {
        byte[] header = "{not json".getBytes(StandardCharsets.UTF_8);
        Path folder = CheckpointVariants.folderWithBytes(temp, bytes -> withHeader(header));
        assertLoadFails(folder, folder.resolve("model.safetensors") + ": malformed safetensors header: not a JSON object");
    }

    @Test
    void headerEntryWithoutOffsets() throws Exception {
        byte[] header = "{\"wte.weight\": {\"dtype\": \"F32\", \"shape\": [317, 64]}}".getBytes(StandardCharsets.UTF_8);
        Path folder = CheckpointVariants.folderWithBytes(temp, bytes -> withHeader(header));
        assertLoadFails(folder, "tensor 'wte.weight': malformed header entry");
    }

    @Test
    void unsupportedDtype() throws Exception {
        byte[] header = "{\"wte.weight\": {\"dtype\": \"I8\", \"shape\": [2], \"data_offsets\": [0, 2]}}"
                .getBytes(StandardCharsets.UTF_8);
        Path folder = CheckpointVariants.folderWithBytes(temp, bytes -> withHeader(header, 2));
        assertLoadFails(folder, "tensor 'wte.weight' has dtype I8; only F32, F16 and BF16 are supported");
    }

    @Test
    void missingTensor() throws Exception {
        List<SafeTensorsWriter.Tensor> tensors = new ArrayList<>();
        for (CheckpointVariants.Weights weights : CheckpointVariants.tinyWeights()) {
            if (!weights.name().equals("h.2.mlp.c_fc.bias")) {
                tensors.add(weights.as(SafeTensors.DType.F32));
            }
        }
        Path folder = CheckpointVariants.folderWith(temp, tensors);
        assertLoadFails(folder, folder.resolve("model.safetensors") + ": tensor 'h.2.mlp.c_fc.bias' is missing");
    }

    @Test
    void wrongShape() throws Exception {
        List<SafeTensorsWriter.Tensor> tensors = new ArrayList<>();
        for (CheckpointVariants.Weights weights : CheckpointVariants.tinyWeights()) {
            long[] shape = weights.name().equals("h.1.attn.c_attn.weight") ? new long[] {192, 64} : weights.shape();
            tensors.add(new SafeTensorsWriter.Tensor(weights.name(), SafeTensors.DType.F32, shape,
                    index -> weights.values()[(int) index]));
        }
        Path folder = CheckpointVariants.folderWith(temp, tensors);
        assertLoadFails(folder, folder.resolve("model.safetensors")
                + ": tensor 'h.1.attn.c_attn.weight' has shape [192, 64] but config.json implies [64, 192]");
    }

    @Test
    void configOfAnUnsupportedFamily() throws Exception {
        CheckpointVariants.copyTokenizerAndConfig(temp);
        Files.writeString(temp.resolve("config.json"), "{\"model_type\": \"bert\", \"n_layer\": 2}");
        assertLoadFails(temp, "'model_type' is 'bert'; supported: gpt2, gpt_neox, llama, qwen2, qwen3, gemma2");
    }

    @Test
    void configWithoutLayerCount() throws Exception {
        CheckpointVariants.copyTokenizerAndConfig(temp);
        Files.writeString(temp.resolve("config.json"), "{\"n_head\": 4, \"n_embd\": 64}");
        assertLoadFails(temp, temp.resolve("config.json") + ": 'n_layer' must be a whole number from 1 to 1024, found null");
    }

    @Test
    void missingTokenizer() throws Exception {
        CheckpointVariants.copyTokenizerAndConfig(temp);
        Files.delete(temp.resolve("tokenizer.json"));
        ModelLoadException error = assertThrows(ModelLoadException.class, () -> ModelTokenizer.load(temp));
        assertTrue(error.getMessage().contains(temp.resolve("tokenizer.json") + ": file not found"), error.getMessage());
    }

    @Test
    void corruptTokenizer() throws Exception {
        CheckpointVariants.copyTokenizerAndConfig(temp);
        Files.writeString(temp.resolve("tokenizer.json"), "{\"model\": 42}");
        ModelLoadException error = assertThrows(ModelLoadException.class, () -> ModelTokenizer.load(temp));
        assertTrue(error.getMessage().startsWith(temp.resolve("tokenizer.json") + ": not a valid Hugging Face tokenizer"),
                error.getMessage());
    }

    @Test
    void theIntactFixtureLoads() throws Exception {
        Transformer.load(TestModels.tinyGpt2(), Residual.CENTERED).close();
    }

    @Test
    void aDamagedBlockIsNamedAndNoLoadingThreadIsLeft() throws Exception {
        // The engine starts on a helper thread while the embedding is checked; the blocks load after it started.
        for (String tensor : List.of("h.0.attn.c_attn.weight", "h.3.mlp.c_fc.bias")) {
            Path folder = CheckpointVariants.folderWithChanged(temp.resolve(tensor), tensor,
                    values -> values[5] = Float.NaN);
            assertLoadFails(folder, folder.resolve("model.safetensors") + ": tensor '" + tensor
                    + "' holds a NaN or infinite value (element 5)");
        }
    }

    /**
     * The load fails with one line that contains {@code expectedMessagePart}, and the threads it loaded with have
     * ended.
     */
    private static void assertLoadFails(Path folder, String expectedMessagePart) {
        ModelLoadException error = assertThrows(ModelLoadException.class, () -> Transformer.load(folder, Residual.CENTERED));
        assertTrue(error.getMessage().contains(expectedMessagePart),
                "expected '" + expectedMessagePart + "' in: " + error.getMessage());
        assertFalse(error.getMessage().contains("\n"), "one line: " + error.getMessage());
        List<String> loading = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("visibility-load-")).toList();
        assertEquals(List.of(), loading, "threads of the failed load still running");
    }

    /** A safetensors file made of {@code header} and {@code dataBytes} zero bytes of data. */
    private static byte[] withHeader(byte[] header, int dataBytes) {
        ByteBuffer file = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(header.length).put(header);
        return file.array();
    }

    private static byte[] withHeader(byte[] header) {
        return withHeader(header, 0);
    }
}
