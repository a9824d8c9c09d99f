package dev.visibility.pipeline;

import dev.visibility.model.ModelConfig;

/**
 * What computing {@code G} of a text will cost, said before starting: a text at GPT-2's full context takes hours,
 * and nobody should learn that by waiting.
 *
 * @param heatmaps    layers × positions
 * @param gflop       the useful work: one forward pass, then one input-gradient backward pass per target state
 * @param seconds     the time that {@link EngineWork} expects at the engine's measured speed; a guide, not a promise
 * @param matrixBytes memory for {@code G} itself, {@code (layers · positions)²} floats
 */
public record ComputeCost(long heatmaps, double gflop, double seconds, long matrixBytes) {
    /** The cost of a text of {@code tokens} tokens on a model of {@code config}, at {@code speed}. */
    public static ComputeCost of(ModelConfig config, int tokens, EngineSpeed speed) {
        long states = (long) config.layers() * tokens;
        EngineWork work = EngineWork.of(config, tokens);
        return new ComputeCost(states, work.flops() / 1e9, work.seconds(speed), 4 * states * states);
    }

    /**
     * One line for the log, e.g. {@code 768 heatmaps, about 1.96 TFLOP: roughly 25 s with 2 threads; G alone needs
     * 2.36 MB}.
     */
    public String describe(int threads) {
        return String.format("%d heatmaps, about %s: %s with %d thread%s; G alone needs %s", heatmaps,
                withPrefix(gflop * 1e9, "FLOP"), duration(seconds), threads, threads == 1 ? "" : "s",
                withPrefix(matrixBytes, "B"));
    }

    /**
     * Three significant digits with an SI prefix, {@code 12.3 MFLOP} or {@code 604 MB}: a tiny model's work is
     * millions of FLOPs, which a fixed unit of GFLOP printed as 0.
     */
    static String withPrefix(double value, String unit) {
        String[] prefixes = {"", "k", "M", "G", "T", "P", "E"};
        int power = 0;
        // Rounding to three digits can carry into the next prefix: 999.96 k is 1.00 M, not 1.00e+03 k.
        while (power < prefixes.length - 1 && Math.abs(value) >= 999.5 * Math.pow(1000, power)) {
            power++;
        }
        return String.format("%.3g %s%s", value / Math.pow(1000, power), prefixes[power], unit);
    }

    /** {@code roughly 25 s}, {@code roughly 3 min}, {@code roughly 1.5 h}; or {@code under 1 s}, which is not rough. */
    private static String duration(double seconds) {
        if (seconds < 1) {
            return "under 1 s";
        }
        if (seconds < 90) {
            return String.format("roughly %.0f s", seconds);
        }
        if (seconds < 90 * 60) {
            return String.format("roughly %.0f min", seconds / 60);
        }
        return String.format("roughly %.1f h", seconds / 3600);
    }
}
