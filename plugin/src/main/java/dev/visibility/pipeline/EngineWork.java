package dev.visibility.pipeline;

import dev.visibility.influence.InfluenceComputation;
import dev.visibility.model.ModelConfig;

import java.util.List;

/**
 * The work of computing {@code G} for one text, in the three kinds that {@link EngineSpeed} measures. Counting
 * FLOPs alone made a narrow model's estimate 18 times too low: at width 64 the matrix multiplies are tiny, and the
 * time goes to the fixed cost of each operation and to the elementwise passes over the padded attention matrices,
 * which grow with the square of the text and not with the width.
 *
 * @param flops           the useful work, {@link #usefulFlops}
 * @param attentionFloats elements that the backward passes' elementwise work on padded attention touches
 * @param operations      engine operations: those of the forward pass and of each chunk's walk down the blocks
 */
public record EngineWork(double flops, double attentionFloats, long operations) {
    /**
     * One block's forward pass, or one block's backward pass in a chunk, in units of the small operation that
     * {@link EngineSpeed} times. A backward pass calls about 150 operations (norms, projections, attention,
     * activation, indexing, seeds), but most of a narrow model's are too small to be split among PyTorch's threads,
     * while the timed one is split and waits for the sleeping threads to wake: about 100 µs in a command's fresh JVM
     * on this project's 2-core machine. The number is fitted (28) to the times of the test models at 20 to 256
     * tokens and of GPT-2 small's shapes at 20 and 64, against the speed that a fresh JVM measures (see the
     * README's "The cost estimate").
     */
    private static final int OPERATIONS_PER_BLOCK_PASS = 28;

    /**
     * Elementwise passes over one target's padded attention matrices {@code [heads, width, width]} in a block's
     * backward pass, in units of the elementwise multiply that {@link EngineSpeed} times. The code makes about ten
     * (the softmax's product, its products with the probabilities, the scale and the transposes); the same fit
     * gave 7, since a fresh JVM's timed multiply runs slower than the computation's later passes do.
     */
    private static final int ATTENTION_PASSES = 7;

    /**
     * The useful work runs at this fraction of the calibration's 1024-wide multiply: the benchmark measured 42 to
     * 89% of a 2048-wide one on real shapes, much of the rest being operations and attention; the same fit gave 0.9.
     */
    private static final double MATMUL_EFFICIENCY = 0.9;

    /** The work for a text of {@code positions} tokens on a model of {@code config}, chunked as it will be. */
    public static EngineWork of(ModelConfig config, int positions) {
        long layers = config.layers();
        List<int[]> chunks = InfluenceComputation.chunks(config, positions);
        // Walking down from the top, block l carries the targets of every layer above it: 1 + 2 + … + (layers-1)
        // groups in all.
        long groupBlocks = layers * (layers - 1) / 2;
        double attention = 0;
        for (int[] chunk : chunks) {
            long width = chunk[0] + 1L; // the highest target comes first, and its prefix is the widest
            attention += (double) chunk.length * config.heads() * width * width * groupBlocks * ATTENTION_PASSES;
        }
        long operations = (layers + chunks.size() * (layers - 1)) * OPERATIONS_PER_BLOCK_PASS;
        return new EngineWork(usefulFlops(config, positions), attention, operations);
    }

    /** The seconds this work takes at {@code speed}. */
    public double seconds(EngineSpeed speed) {
        return flops / (MATMUL_EFFICIENCY * speed.matmulGflops() * 1e9) + attentionFloats * speed.secondsPerFloat()
                + operations * speed.secondsPerOperation();
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
}
