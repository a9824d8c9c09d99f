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
    /** A made-up machine: no test here measures one, so none depends on how busy this one is. */
    private static final EngineSpeed SPEED = new EngineSpeed(100, 1e-9, 20e-6);

    private static ModelConfig GPT2_SMALL;
    private static ModelConfig DEEP_NARROW;

    @BeforeAll
    static void models(@TempDir Path folder) throws Exception {
        GPT2_SMALL = config(folder.resolve("gpt2.json"), 12, 12, 768, 1024);
        DEEP_NARROW = config(folder.resolve("deep.json"), 12, 4, 64, 256);
    }

    private static ModelConfig config(Path file, int layers, int heads, int width, int positions) throws Exception {
        return ModelConfig.read(Files.writeString(file, """
                {"model_type": "gpt2", "n_layer": %d, "n_head": %d, "n_embd": %d, "vocab_size": 50257,
                 "n_positions": %d}""".formatted(layers, heads, width, positions)));
    }

    @Test
    void theUsefulWorkMatchesTheBenchmarksFigures() {
        // The README's benchmark table: 199.9 GFLOP at 20 tokens, 1963.5 at 64.
        assertEquals(199.9, ComputeCost.of(GPT2_SMALL, 20, SPEED).gflop(), 0.05);
        assertEquals(1963.5, ComputeCost.of(GPT2_SMALL, 64, SPEED).gflop(), 0.05);
    }

    @Test
    void aFullContextOnGpt2SmallIsSaidToTakeOverAnHour() {
        ComputeCost cost = ComputeCost.of(GPT2_SMALL, 1024, SPEED);

        assertEquals(12L * 1024, cost.heatmaps());
        assertEquals(4L * 12288 * 12288, cost.matrixBytes());
        // The line below only says "roughly N.N h"; the estimate itself must be over an hour, as the name says.
        assertTrue(cost.seconds() > 3600, "seconds: " + cost.seconds());
        assertTrue(cost.describe(2).matches(
                "12288 heatmaps, about 52\\d TFLOP: roughly \\d+\\.\\d h with 2 threads; G alone needs 604 MB"),
                cost.describe(2));
    }

    @Test
    void aTinyModelsWorkIsInMegaflopsNotZeroGigaflops() {
        String line = ComputeCost.of(DEEP_NARROW, 3, SPEED).describe(1);

        assertTrue(line.matches("36 heatmaps, about \\d+(\\.\\d+)? MFLOP: under 1 s with 1 thread;"
                + " G alone needs 5.18 kB"), line);
    }

    @Test
    void theEstimateCountsOperationsAndAttentionAsWellAsFlops() {
        // The case: 236 tokens on a 12-layer, 64-wide model were announced as "roughly 2 s", its FLOPs at
        // the old fixed rate, and took 36 s.
        double flopsAlone = EngineWork.usefulFlops(DEEP_NARROW, 236) / 100e9;
        double seconds = ComputeCost.of(DEEP_NARROW, 236, SPEED).seconds();

        assertTrue(seconds > 5 * flopsAlone, "seconds: " + seconds + ", FLOPs alone: " + flopsAlone);
        assertTrue(ComputeCost.of(DEEP_NARROW, 236, new EngineSpeed(100, 1e-9, 40e-6)).seconds() > seconds,
                "slower operations take longer");
        assertTrue(ComputeCost.of(DEEP_NARROW, 236, new EngineSpeed(100, 2e-9, 20e-6)).seconds() > seconds,
                "slower elementwise passes take longer");
    }

    @Test
    void prefixesKeepThreeDigitsAndCarryWhenRounding() {
        assertEquals("12.3 MFLOP", ComputeCost.withPrefix(12.34e6, "FLOP"));
        assertEquals("1.00 MB", ComputeCost.withPrefix(999_960, "B"));
        assertEquals("999 kB", ComputeCost.withPrefix(999_400, "B"));
        assertEquals("0.00 B", ComputeCost.withPrefix(0, "B"));
    }
}
