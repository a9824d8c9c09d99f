package dev.visibility.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.visibility.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The malformed model files that once ended in a stack trace or were silently accepted: each must now give one
 * {@link ModelLoadException} that names the file and the key or tensor.
 */
class MalformedCheckpointTest {
    private static final String TENSOR = "h.0.ln_1.weight";
    private static final String NEIGHBOUR = "h.0.ln_1.bias";

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "shape        | null                                        | 'shape' must be an array of whole numbers",
            "shape        | {}                                          | 'shape' must be an array of whole numbers",
            "shape        | [64.9]                                      | 'shape' must be an array of whole numbers",
            "shape        | [-64]                                       | 'shape' must be an array of whole numbers",
            "shape        | [4294967296, 4294967296]                    | shape [4294967296, 4294967296] is too large",
            "data_offsets | null                                        | 'data_offsets' must be an array of 2 whole",
            "data_offsets | {}                                          | 'data_offsets' must be an array of 2 whole",
            "data_offsets | [0]                                         | 'data_offsets' must be an array of 2 whole",
            "data_offsets | [9223372036854775000, 9223372036854775807] | up to 2^62",
            "data_offsets | [4611686018427387000, 4611686018427387903] | truncated: tensor 'h.0.ln_1.weight'",
            "dtype        | {}                                          | 'dtype' must be a string",
            "dtype        | \"I8\"                                      | has dtype I8; only F32, F16 and BF16",
    })
    void aMalformedHeaderEntryNamesTheTensor(String key, String value, String expected) throws IOException {
        HostileCheckpoint checkpoint = HostileCheckpoint.tiny();
        entry(checkpoint, TENSOR).addProperty(key, HostileCheckpoint.RAW + value);

        assertRefused(checkpoint.write(temp), "tensor '" + TENSOR + "'", expected);
    }

    @Test
    void swappedOffsetsAreRefused() throws IOException {
        HostileCheckpoint checkpoint = HostileCheckpoint.tiny();
        JsonArray offsets = entry(checkpoint, TENSOR).getAsJsonArray("data_offsets");
        JsonArray swapped = new JsonArray();
        swapped.add(offsets.get(1));
        swapped.add(offsets.get(0));
        entry(checkpoint, TENSOR).add("data_offsets", swapped);

        assertRefused(checkpoint.write(temp), "tensor '" + TENSOR + "': data_offsets [", "do not match");
    }

    @Test
    void aliasedTensorsAreRefused() throws IOException {
        HostileCheckpoint checkpoint = HostileCheckpoint.tiny();
        entry(checkpoint, NEIGHBOUR).add("data_offsets", entry(checkpoint, TENSOR).get("data_offsets").deepCopy());

        assertRefused(checkpoint.write(temp), "model.safetensors: tensor '", "must tile the data exactly");
    }

    @Test
    void overlappingTensorsAreRefused() throws IOException {
        HostileCheckpoint checkpoint = HostileCheckpoint.tiny();
        JsonArray offsets = entry(checkpoint, NEIGHBOUR).getAsJsonArray("data_offsets");
        JsonArray shifted = new JsonArray();
        shifted.add(offsets.get(0).getAsLong() - 4);
        shifted.add(offsets.get(1).getAsLong() - 4);
        entry(checkpoint, NEIGHBOUR).add("data_offsets", shifted);

        assertRefused(checkpoint.write(temp), "model.safetensors: tensor '", "must tile the data exactly");
    }

    @Test
    void bytesAfterTheLastTensorAreRefused() throws IOException {
        HostileCheckpoint checkpoint = HostileCheckpoint.tiny();
        byte[] longer = Arrays.copyOf(checkpoint.data, checkpoint.data.length + 4);

        Path folder = HostileCheckpoint.write(temp, checkpoint.headerText(), longer, checkpoint.config);

        assertRefused(folder, "model.safetensors: 4 bytes after the last tensor's data", "tile the data exactly");
    }

    /** Gemma 2 2B's float32 embedding has 2.36 GB: embeddings are read by rows, so no size limit applies to them. */
    @Test
    void aTensorOver2GiBIsReadable() throws Exception {
        long bytes = (1L << 31) + 4;
        String header = "{\"wte.weight\": {\"dtype\": \"F32\", \"shape\": [" + bytes / 4 + "], \"data_offsets\": [0, "
                + bytes + "]}}";
        Path folder = HostileCheckpoint.write(temp, header, new byte[0], HostileCheckpoint.tiny().config);
        try (RandomAccessFile file = new RandomAccessFile(folder.resolve("model.safetensors").toFile(), "rw")) {
            file.setLength(file.length() + bytes); // sparse: no disk is used for the zeros
        }

        try (SafeTensors tensors = SafeTensors.open(folder.resolve("model.safetensors"))) {
            SafeTensors.Entry entry = tensors.entries().get("wte.weight");
            assertEquals(bytes, entry.end() - entry.start());
        }
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "model_type          | {}          | 'model_type' must be a string, found {}",
            "model_type          | []          | 'model_type' must be a string, found []",
            "activation_function | {}          | 'activation_function' must be a string",
            "activation_function | []          | 'activation_function' must be a string",
            "layer_norm_epsilon  | null        | 'layer_norm_epsilon' must be a number above 0 and below 1, found null",
            "layer_norm_epsilon  | {}          | 'layer_norm_epsilon' must be a number above 0 and below 1, found {}",
            "layer_norm_epsilon  | []          | 'layer_norm_epsilon' must be a number above 0 and below 1, found []",
            "layer_norm_epsilon  | \"abc\"     | 'layer_norm_epsilon' must be a number above 0 and below 1",
            "layer_norm_epsilon  | 0           | 'layer_norm_epsilon' must be a number above 0 and below 1, found 0",
            "layer_norm_epsilon  | -1e-5       | 'layer_norm_epsilon' must be a number above 0 and below 1",
            "layer_norm_epsilon  | 1e999       | 'layer_norm_epsilon' must be a number above 0 and below 1",
            "layer_norm_epsilon  | 1e-400      | 'layer_norm_epsilon' must be a number above 0 and below 1",
            "layer_norm_epsilon  | NaN         | not a JSON object",
            "n_layer             | 4294967300  | 'n_layer' must be a whole number from 1 to 1024, found 4294967300",
            "n_layer             | 4.0         | 'n_layer' must be a whole number from 1 to 1024, found 4.0",
            "n_layer             | \"4\"       | 'n_layer' must be a whole number from 1 to 1024",
            "n_embd              | 64.9        | 'n_embd' must be a whole number from 1 to 65536, found 64.9",
            "vocab_size          | -317        | 'vocab_size' must be a whole number from 1 to 16777216",
    })
    void aConfigValueOfTheWrongTypeOrRangeNamesTheKey(String key, String value, String expected) throws IOException {
        HostileCheckpoint checkpoint = HostileCheckpoint.tiny();
        Path folder = HostileCheckpoint.write(temp, checkpoint.headerText(), checkpoint.data,
                checkpoint.configWith(key, value));

        assertRefused(folder, "config.json: ", expected);
        // The tokenizer reads the config too: a config error must never pass for a problem with the text.
        ModelLoadException error = assertThrows(ModelLoadException.class, () -> ModelTokenizer.load(folder));
        assertTrue(error.getMessage().contains(expected), error.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a comment          | // the tiny model",
            "single quotes      | 'n_head': 4,",
            "an unquoted key    | n_head: 4,",
            "a trailing comma   | \"n_head\": 4,,",
    })
    void lenientJsonIsRefused(String what, String insertion) throws IOException {
        HostileCheckpoint checkpoint = HostileCheckpoint.tiny();
        String config = checkpoint.config.replaceFirst("\\{", "{" + insertion + "\n");

        Path folder = HostileCheckpoint.write(temp, checkpoint.headerText(), checkpoint.data, config);

        assertRefused(folder, "config.json: not a JSON object (", "");
    }

    @Test
    void aDuplicateKeyIsRefused() throws IOException {
        HostileCheckpoint checkpoint = HostileCheckpoint.tiny();
        String config = checkpoint.config.replaceFirst("\\{", "{\"n_layer\": 2,\n");

        Path folder = HostileCheckpoint.write(temp, checkpoint.headerText(), checkpoint.data, config);

        assertRefused(folder, "config.json: not a JSON object (", "the key 'n_layer' appears twice");
    }

    @Test
    void fewerLayersThanTheCheckpointHasBlocksIsRefused() throws IOException {
        HostileCheckpoint checkpoint = HostileCheckpoint.tiny();
        Path folder = HostileCheckpoint.write(temp, checkpoint.headerText(), checkpoint.data,
                checkpoint.configWith("n_layer", "3"));

        assertRefused(folder, "model.safetensors: tensor 'h.3.", "belongs to block 3, but config.json's n_layer is 3");
    }

    @ParameterizedTest(name = "{1} in {0}")
    @CsvSource({"h.0.ln_1.weight, NaN", "wte.weight, Infinity", "h.3.mlp.c_proj.bias, -Infinity"})
    void aNonFiniteWeightIsRefusedAtLoadByName(String tensor, float value) throws Exception {
        Path folder = CheckpointVariants.folderWithChanged(temp, tensor, values -> values[7] = value);

        assertRefused(folder, "model.safetensors: tensor '" + tensor + "' holds a NaN or infinite value (element 7)", "");
    }

    @ParameterizedTest(name = "{1} in {0} {2}")
    @CsvSource({"F16, NaN, h.0.ln_1.weight, 7", "BF16, Infinity, h.2.attn.c_attn.weight, 70",
            "BF16, NaN, wpe.weight, 300", "F16, -Infinity, wte.weight, 4000"})
    void aNonFiniteHalfPrecisionWeightIsRefusedByNameAndElement(SafeTensors.DType dtype, float value, String tensor,
                                                              int element) throws Exception {
        Path folder = CheckpointVariants.folderWithChanged(TestModels.tinyGpt2(), temp, tensor,
                values -> values[element] = value, stored -> dtype);

        assertRefused(folder, "model.safetensors: tensor '" + tensor + "' holds a NaN or infinite value (element "
                + element + ")", "");
    }

    /** Llama's key projection is read stacked after the query projection; the element is still the tensor's own. */
    @Test
    void aNonFiniteValueInAStackedTensorIsNamedWithItsOwnElement() throws Exception {
        Path folder = CheckpointVariants.folderWithChanged(TestModels.fixture("tiny-llama"), temp,
                "model.layers.1.self_attn.k_proj.weight", values -> values[33] = Float.NaN,
                CheckpointVariants.Stored::dtype);

        ModelLoadException error = assertThrows(ModelLoadException.class, () -> Transformer.load(folder, Residual.RAW));
        assertEquals(folder.resolve("model.safetensors") + ": tensor 'model.layers.1.self_attn.k_proj.weight' holds a"
                + " NaN or infinite value (element 33); the checkpoint is damaged", error.getMessage());
    }

    @Test
    void aTokenizerWithIdsBeyondTheVocabularyIsRefused() throws IOException {
        HostileCheckpoint checkpoint = HostileCheckpoint.tiny();
        Path folder = HostileCheckpoint.write(temp, checkpoint.headerText(), checkpoint.data,
                checkpoint.configWith("vocab_size", "300"));

        ModelLoadException error = assertThrows(ModelLoadException.class, () -> ModelTokenizer.load(folder));

        assertTrue(error.getMessage().startsWith(folder.resolve("tokenizer.json") + ": token '"), error.getMessage());
        assertTrue(error.getMessage().contains("but config.json's vocab_size is 300; the tokenizer does not belong"),
                error.getMessage());
    }

    @Test
    void aHeaderWithTrailingGarbageIsRefused() throws IOException {
        HostileCheckpoint checkpoint = HostileCheckpoint.tiny();
        Path folder = HostileCheckpoint.write(temp, checkpoint.headerText() + "x", checkpoint.data, checkpoint.config);

        assertRefused(folder, "model.safetensors: malformed safetensors header: not a JSON object", "");
    }

    private static JsonObject entry(HostileCheckpoint checkpoint, String tensor) {
        return checkpoint.header.getAsJsonObject(tensor);
    }

    static void assertRefused(Path folder, String start, String expected) {
        ModelLoadException error = assertThrows(ModelLoadException.class, () -> Transformer.load(folder, Residual.CENTERED));
        String message = error.getMessage();
        assertTrue(message.startsWith(folder + File.separator), "names the file: " + message);
        assertTrue(message.contains(start) && message.contains(expected), "expected '" + start + "' and '"
                + expected + "' in: " + message);
    }
}
