package dev.visibility.model;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.visibility.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code config.json} of each family: the keys that define its block, and refusals that name the key. */
class ModelConfigTest {
    @TempDir
    Path temp;

    private static ModelConfig fixture(String name) throws ModelLoadException {
        return ModelConfig.read(TestModels.fixture(name).resolve("config.json"));
    }

    @Test
    void pythiaRotatesAQuarterOfEachHeadAndAddsItsBranchesInParallel() throws Exception {
        ModelConfig config = fixture("tiny-pythia");

        assertEquals(4, config.rope().dims());
        assertTrue(config.parallelResidual());
        assertEquals(Activation.GELU, config.activation());
        assertEquals(Residual.CENTERED, config.defaultResidual());
    }

    @Test
    void llamaHasGroupedQueriesAndLlama3RopeScaling() throws Exception {
        ModelConfig config = fixture("tiny-llama");

        assertEquals(4, config.heads());
        assertEquals(2, config.kvHeads());
        assertEquals(16, config.headDim());
        assertEquals(new Rope.Llama3Scaling(8, 1, 4, 32), config.rope().scaling());
        assertEquals(Residual.RAW, config.defaultResidual());
        assertFalse(config.centerable());
    }

    @Test
    void qwenBiasesAndNorms() throws Exception {
        assertEquals(new ModelConfig.Biases(true, false, false), fixture("tiny-qwen2").biases());
        assertEquals(1, fixture("tiny-qwen2").kvHeads());
        ModelConfig qwen3 = fixture("tiny-qwen3");
        assertTrue(qwen3.attention().qkNorm());
        assertEquals(24, qwen3.headDim());
        assertNull(qwen3.rope().scaling());
    }

    @Test
    void gemma2CapsScoresAndSlidesOnEvenLayers() throws Exception {
        ModelConfig config = fixture("tiny-gemma2");

        assertEquals(5.0, config.attention().softcap());
        assertEquals(1 / Math.sqrt(24), config.attention().scale());
        assertTrue(config.attention().slides(0));
        assertFalse(config.attention().slides(1));
        assertEquals(8, config.attention().slidingWindow());
        assertEquals(8.0, config.embeddingScale());
        assertTrue(config.sandwichNorms());
        assertEquals(Activation.GELU_TANH, config.activation());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            tiny-llama  | rope_scaling        | {"rope_type": "yarn", "factor": 4}  | 'rope_scaling.rope_type' is 'yarn'; supported: default, llama3
            tiny-llama  | rope_scaling        | {"type": "dynamic"}                 | 'rope_scaling.type' is 'dynamic'; supported: default, llama3
            tiny-gemma2 | rope_scaling        | {"rope_type": "llama3"}             | 'rope_scaling' is given; this family is supported without rope scaling only
            tiny-qwen2  | use_sliding_window  | true                                | 'use_sliding_window' is true; sliding-window attention is not supported for qwen2
            tiny-qwen3  | use_sliding_window  | true                                | 'use_sliding_window' is true; sliding-window attention is not supported for qwen3
            tiny-llama  | hidden_act          | "gelu_fast"                         | 'hidden_act' is 'gelu_fast'; supported: gelu_new, gelu_pytorch_tanh, gelu, silu
            tiny-gemma2 | hidden_activation   | "relu"                              | 'hidden_activation' is 'relu'; supported: gelu_new, gelu_pytorch_tanh, gelu, silu
            tiny-llama  | num_key_value_heads | 3                                   | 'num_key_value_heads' 3 does not divide num_attention_heads 4
            tiny-pythia | rotary_pct          | 0.2                                 | 'rotary_pct' gives 3 rotary features per head; they must be even
            tiny-pythia | rope_scaling        | {"rope_type": "linear"}             | 'rope_scaling.rope_type' is 'linear'; supported: default, llama3
            """)
    void aValueOutsideWhatIsImplementedIsRefusedByKey(String fixture, String key, String value, String message)
            throws Exception {
        JsonObject config = JsonParser.parseString(Files.readString(TestModels.fixture(fixture)
                .resolve("config.json"))).getAsJsonObject();
        config.add(key, JsonParser.parseString(value));
        Path file = Files.writeString(temp.resolve("config.json"), config.toString());

        ModelLoadException error = assertThrows(ModelLoadException.class, () -> ModelConfig.read(file));
        assertTrue(error.getMessage().startsWith(file + ": " + message), error.getMessage());
    }

    @Test
    void centringAnRmsNormModelIsRefusedAtLoad() {
        ModelLoadException error = assertThrows(ModelLoadException.class,
                () -> Transformer.load(TestModels.fixture("tiny-qwen3"), Residual.CENTERED));
        assertTrue(error.getMessage().contains("qwen3 models use RMSNorm, where the centred residual convention is"
                + " not defined"), error.getMessage());
    }
}
