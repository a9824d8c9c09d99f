package dev.visibility.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark's yardstick rule, on made-up rows: no row here is timed. */
class BenchmarkRowTest {
    private static BenchmarkCommand.Row row(int tokens, double seconds, double gflop, double matmulGflops) {
        return new BenchmarkCommand.Row(tokens, seconds, seconds, gflop, matmulGflops, 1.2);
    }

    @Test
    void aRowAtTheMatmulsSpeedIsAFigure() {
        BenchmarkCommand.Row row = row(20, 2.0, 200, 100);

        assertFalse(row.measurementError());
        assertEquals("100%", row.ofMatmul());
        assertEquals("gpt2, 20 tokens: 100% of the float32 matmul, target at least 60%: met",
                BenchmarkCommand.speedTarget(BenchmarkShape.GPT2, row, 0.60));
    }

    @Test
    void aRowFasterThanTheMatmulIsAMeasurementErrorAndIsNotJudged() {
        // The case: 1963.5 useful GFLOP in 16.0 s against a matmul measured at 86.7 GFLOP/s, 142%.
        BenchmarkCommand.Row row = row(64, 16.0, 1963.5, 86.7);

        assertTrue(row.measurementError());
        assertEquals("measurement error", row.ofMatmul());
        String target = BenchmarkCommand.speedTarget(BenchmarkShape.GPT2, row, 0.60);
        assertTrue(target.startsWith("gpt2, 64 tokens: not judged, a measurement error: the useful work ran at 142%"),
                target);
        assertFalse(target.contains("met") || target.contains("MISSED"), target);
    }
}
