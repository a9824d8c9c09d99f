package dev.visibility.pipeline;

import dev.visibility.model.ModelConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComputeCostTest {
    private static ModelConfig GPT2_SMALL;

    @BeforeAll
    static void gpt2Small(@TempDir Path folder) throws Exception {
        Path file = Files.writeString(folder.resolve("config.json"), """
                {"model_type": "gpt2", "n_layer": 12, "n_head": 12, "n_embd": 768, "vocab_size": 50257,
                 "n_positions": 1024}""");
        GPT2_SMALL = ModelConfig.read(file);
    }

    @Test
    void theUsefulWorkMatchesTheBenchmarksFigures() {
        // The README's benchmark table: 199.9 GFLOP at 20 tokens, 1963.5 at 64.
        assertEquals(199.9, ComputeCost.of(GPT2_SMALL, 20, 2).gflop(), 0.05);
        assertEquals(1963.5, ComputeCost.of(GPT2_SMALL, 64, 2).gflop(), 0.05);
    }

    @Test
    void aFullContextOnGpt2SmallIsSaidToTakeOverAnHour() {
        ComputeCost cost = ComputeCost.of(GPT2_SMALL, 1024, 2);

        assertEquals(12L * 1024, cost.heatmaps());
        assertEquals(4L * 12288 * 12288, cost.matrixBytes());
        // The line below only says "roughly N min"; the estimate itself must be over an hour, as the name says.
        assertTrue(cost.seconds() > 3600, "seconds: " + cost.seconds());
        String line = cost.describe(2);
        assertTrue(line.matches("12288 heatmaps, about \\d+ GFLOP: roughly \\d+ min with 2 threads; G alone needs 604.0 MB"),
                line);
    }
}
