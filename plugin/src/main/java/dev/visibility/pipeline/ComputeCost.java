package dev.visibility.pipeline;

import dev.visibility.model.ModelConfig;

/**
 * What computing {@code G} of a text will cost, said before starting: a text at GPT-2's full context takes hours,
 * and nobody should learn that by waiting.
 *
 * @param heatmaps   layers × positions
 * @param gflop      the useful work: one forward pass, then one input-gradient backward pass per target state
 * @param seconds    a rough time for {@code threads} CPU threads
 * @param matrixBytes memory for {@code G} itself, {@code (layers · positions)²} floats
 */
public record ComputeCost(long heatmaps, double gflop, double seconds, long matrixBytes) {
    /**
     * Useful GFLOP/s per CPU thread, as the benchmark measured on a 2-core AMD EPYC (130 to 160 with 2 threads,
     * rounded down for machines whose matrix multiply is slower). Other machines differ, so the time is only a
     * rough guide.
     */
    private static final double GFLOPS_PER_THREAD = 60;

    /** The cost of a text of {@code tokens} tokens on a model of {@code config}, computed with {@code threads}. */
    public static ComputeCost of(ModelConfig config, int tokens, int threads) {
        long states = (long) config.layers() * tokens;
        double gflop = usefulFlops(config, tokens) / 1e9;
        return new ComputeCost(states, gflop, gflop / (GFLOPS_PER_THREAD * threads), 4 * states * states);
    }

    /**
     * FLOPs of the least work any exact method needs: per block and token, two per parameter of the weight
     * matrices (GPT-2: 24·d²) plus 4·heads·head_dim per attended position for attention scores and mixing; a
     * backward pass for input gradients costs as much as the forward pass. Targets in layer {@code L} at position
     * {@code P} run blocks {@code 1..L} over positions {@code 0..P}.
     */
    public static double usefulFlops(ModelConfig config, int length) {
        int layers = config.layers();
        double total = 0;
        for (int position = 0; position < length; position++) {
            total += layers * blockFlops(config, position + 1);
        }
        for (int layer = 1; layer < layers; layer++) {
            for (int target = 0; target < length; target++) {
                for (int position = 0; position <= target; position++) {
                    total += layer * blockFlops(config, position + 1);
                }
            }
        }
        return total;
    }

    private static double blockFlops(ModelConfig config, int attended) {
        return 2.0 * config.blockMatrixParameters() + 4.0 * config.heads() * config.headDim() * attended;
    }

    /** One line for the log, e.g. {@code 768 heatmaps, about 1960 GFLOP: roughly 41 s with 2 threads; G needs 2.4 MB}. */
    public String describe(int threads) {
        return String.format("%d heatmaps, about %.0f GFLOP: roughly %s with %d thread%s; G alone needs %s",
                heatmaps, gflop, duration(seconds), threads, threads == 1 ? "" : "s", megabytes(matrixBytes));
    }

    private static String duration(double seconds) {
        if (seconds < 90) {
            return String.format("%.0f s", Math.max(1, seconds));
        }
        if (seconds < 90 * 60) {
            return String.format("%.0f min", seconds / 60);
        }
        return String.format("%.1f h", seconds / 3600);
    }

    private static String megabytes(long bytes) {
        return String.format("%.1f MB", bytes / 1e6);
    }
}
