package dev.visibility.influence;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.visibility.model.Gpt2;
import dev.visibility.model.Gpt2Config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Computes the influence matrix {@code G[L,P,l,p] = Σ_d |∂ s(h[L,P]) / ∂ h[l,p,d]|} with
 * {@code s(h) = Σ_d |h_d / ‖h‖₂|} (DESIGN.md §2).
 *
 * <p>One vector-Jacobian product per target state gives a whole row of {@code G}. Targets are batched: each
 * copy of the sequence in the batch carries its own target, so one backward pass serves a whole chunk. Two
 * facts keep the work small: a target in layer {@code L} needs only blocks {@code 0..L}, and a target at
 * position {@code P} needs only positions {@code 0..P} (attention is causal). So each chunk holds targets of one
 * layer and neighbouring positions, and runs on the shortest prefix that covers them.
 */
public final class InfluenceComputation {
    /** Changes whenever the numbers this class produces could change; part of every cache key. */
    public static final String ENGINE_VERSION = "1";

    /**
     * Upper bound on the activation memory of one chunk. A row is one position of one copy of the sequence
     * through one block; about 40 floats per {@code d_model} unit are kept for the backward pass.
     */
    private static final long CHUNK_BYTES = 768L << 20;
    private static final long FLOATS_PER_ROW_AND_WIDTH = 40;

    /** The fixed cost of one more chunk, in rows of work it is worth; measured with the benchmark. */
    private static final long ROWS_PER_CHUNK_OVERHEAD = 16;

    /** Reports how many of the target states are done. */
    @FunctionalInterface
    public interface Progress {
        void update(int done, int total);

        Progress NONE = (done, total) -> { };
    }

    private InfluenceComputation() {
    }

    /** Computes {@code G} for the token sequence {@code ids}. */
    public static InfluenceMatrix compute(Gpt2 model, long[] ids, Progress progress) {
        Gpt2Config config = model.config();
        int layers = config.nLayer();
        int positions = ids.length;
        float[] g = new float[layers * positions * layers * positions];
        List<Chunk> chunks = plan(config, positions);
        int total = layers * positions;
        // Targets in layer 0 see nothing below them: their rows of G are all zero and need no pass.
        int done = positions;
        progress.update(done, total);
        for (Chunk chunk : chunks) {
            computeChunk(model, ids, chunk, g);
            done += chunk.targetPositions().length;
            progress.update(done, total);
        }
        return new InfluenceMatrix(layers, positions, g);
    }

    /** Targets of one layer at the given positions, run together on the prefix {@code 0..max position}. */
    record Chunk(int layer, int[] targetPositions) {
        int length() {
            return targetPositions[0] + 1;
        }
    }

    /**
     * Splits the targets of layers {@code 1..n_layer-1} into chunks, choosing per layer the split that does the
     * least work: each target of a chunk runs on the chunk's longest prefix, so mixing long and short prefixes
     * wastes rows, while every extra chunk costs a fixed overhead of small kernel calls.
     */
    static List<Chunk> plan(Gpt2Config config, int positions) {
        List<Chunk> chunks = new ArrayList<>();
        for (int layer = 1; layer < config.nLayer(); layer++) {
            long bytesPerRow = (layer + 1) * FLOATS_PER_ROW_AND_WIDTH * config.nEmbd() * Float.BYTES;
            long maxRows = Math.max(1, CHUNK_BYTES / bytesPerRow);
            chunks.addAll(planLayer(layer, positions, maxRows));
        }
        return chunks;
    }

    /**
     * Dynamic programming over the targets of one layer in order of descending position: {@code best[i]} is the
     * least cost of the targets {@code i..}, where a chunk costs its rows plus {@link #ROWS_PER_CHUNK_OVERHEAD}.
     */
    private static List<Chunk> planLayer(int layer, int positions, long maxRows) {
        long[] best = new long[positions + 1];
        int[] next = new int[positions + 1];
        for (int first = positions - 1; first >= 0; first--) {
            int length = positions - first; // the target at index i has position positions-1-i
            best[first] = Long.MAX_VALUE;
            for (int end = first + 1; end <= positions && (long) (end - first) * length <= Math.max(maxRows, length); end++) {
                long cost = (long) (end - first) * length + ROWS_PER_CHUNK_OVERHEAD + best[end];
                if (cost < best[first]) {
                    best[first] = cost;
                    next[first] = end;
                }
            }
        }
        List<Chunk> chunks = new ArrayList<>();
        for (int first = 0; first < positions; first = next[first]) {
            int[] targets = new int[next[first] - first];
            for (int i = 0; i < targets.length; i++) {
                targets[i] = positions - 1 - first - i;
            }
            chunks.add(new Chunk(layer, targets));
        }
        return chunks;
    }

    private static void computeChunk(Gpt2 model, long[] ids, Chunk chunk, float[] g) {
        int layers = model.config().nLayer();
        int positions = ids.length;
        int width = model.config().nEmbd();
        int batch = chunk.targetPositions().length;
        int length = chunk.length();
        int targetLayer = chunk.layer();
        long[] prefix = Arrays.copyOf(ids, length);

        try (NDManager manager = NDManager.newBaseManager();
             GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            List<NDArray> probes = new ArrayList<>();
            for (int layer = 0; layer < targetLayer; layer++) {
                NDArray probe = manager.zeros(new Shape(batch, length, width));
                probe.setRequiresGradient(true);
                probes.add(probe);
            }
            NDArray target = model.statesAt(manager, prefix, targetLayer, chunk.targetPositions(), probes);
            NDArray scores = target.abs().sum(new int[] {1}).div(target.norm(new int[] {1}));
            // The copies are independent, so the gradient of the sum is each copy's own gradient.
            collector.backward(scores.sum());

            for (int layer = 0; layer < targetLayer; layer++) {
                float[] rows = probes.get(layer).getGradient().abs().sum(new int[] {2}).toFloatArray();
                for (int b = 0; b < batch; b++) {
                    int targetPosition = chunk.targetPositions()[b];
                    int offset = ((targetLayer * positions + targetPosition) * layers + layer) * positions;
                    // Only the causal cone is written: every other cell stays exactly 0.
                    System.arraycopy(rows, b * length, g, offset, targetPosition + 1);
                }
            }
        }
    }
}
