package dev.visibility.influence;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.visibility.model.Gpt2;
import dev.visibility.model.Gpt2Config;
import dev.visibility.model.PackedPrefixes;

import java.util.ArrayList;
import java.util.List;

/**
 * Computes the influence matrix {@code G[L,P,l,p] = Σ_d |∂ s(h[L,P]) / ∂ h[l,p,d]|} with
 * {@code s(h) = Σ_d |h_d / ‖h‖₂|} (DESIGN.md §2).
 *
 * <p>One vector-Jacobian product per target state gives a whole row of {@code G}. Targets are batched: each
 * copy of the text in the batch carries its own target, zero probes added after each block collect the
 * gradients with respect to the hidden states, and one backward pass serves a whole chunk. Two facts keep the
 * work small: a target in layer {@code L} needs only blocks {@code 0..L}, and a target at position {@code P}
 * needs only positions {@code 0..P} (attention is causal). So each chunk holds targets of one layer, each on its
 * own prefix of the text, packed without padding ({@link PackedPrefixes}).
 */
public final class InfluenceComputation {
    /** Changes whenever the numbers this class produces could change; part of every cache key. */
    public static final String ENGINE_VERSION = "2";

    /**
     * Upper bound on the activation memory of one chunk. A row is one position of one prefix through one block;
     * about 40 floats per {@code d_model} unit are kept for the backward pass.
     */
    private static final long CHUNK_BYTES = 768L << 20;
    private static final long FLOATS_PER_ROW_AND_WIDTH = 40;

    /**
     * Packed rows per chunk. Matrix multiplies need a few hundred rows to run near full speed, while attention
     * over all rows of a chunk grows with the square of their number. On GPT-2 small, 256, 384 and 512 rows ran
     * equally fast (64 tokens: 39, 38 and 40 s), 128 rows 20% slower; 256 needs the least memory (1.5 GB).
     */
    private static final long MAX_ROWS = 256;

    /** Reports how many of the target states are done. */
    @FunctionalInterface
    public interface Progress {
        void update(int done, int total);

        Progress NONE = (done, total) -> { };
    }

    private InfluenceComputation() {
    }

    /**
     * Computes {@code G} for the token sequence {@code ids}.
     *
     * @throws NonFiniteInfluenceException as soon as a chunk gives a NaN or infinite value, naming the chunk
     */
    public static InfluenceMatrix compute(Gpt2 model, long[] ids, Progress progress)
            throws NonFiniteInfluenceException {
        Gpt2Config config = model.config();
        int layers = config.nLayer();
        int positions = ids.length;
        long cells = (long) layers * positions * layers * positions;
        if (cells > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(layers + " layers and " + positions + " tokens make " + cells
                    + " cells of G, more than one Java array holds; use a shorter text");
        }
        float[] g = new float[(int) cells];
        List<Chunk> chunks = plan(config, positions);
        int total = layers * positions;
        // Targets in layer 0 see nothing below them: their rows of G are all zero and need no pass.
        int done = positions;
        progress.update(done, total);
        for (int c = 0; c < chunks.size(); c++) {
            Chunk chunk = chunks.get(c);
            computeChunk(model, ids, chunk, g, "chunk " + (c + 1) + " of " + chunks.size());
            done += chunk.targetPositions().length;
            progress.update(done, total);
        }
        return new InfluenceMatrix(layers, positions, g);
    }

    /** Targets of one layer at the given positions, run together as packed prefixes. */
    record Chunk(int layer, int[] targetPositions) {
    }

    /**
     * Splits the targets of layers {@code 1..n_layer-1} into chunks of at most {@link #MAX_ROWS} packed rows that
     * fit the memory bound. Longest prefixes first, so that the chunks come out similar in size.
     */
    static List<Chunk> plan(Gpt2Config config, int positions) {
        List<Chunk> chunks = new ArrayList<>();
        for (int layer = 1; layer < config.nLayer(); layer++) {
            long bytesPerRow = (layer + 1) * FLOATS_PER_ROW_AND_WIDTH * config.nEmbd() * Float.BYTES;
            long maxRows = Math.max(positions, Math.min(MAX_ROWS, CHUNK_BYTES / bytesPerRow));
            List<Integer> targets = new ArrayList<>();
            long rows = 0;
            for (int position = positions - 1; position >= 0; position--) {
                if (!targets.isEmpty() && rows + position + 1 > maxRows) {
                    chunks.add(new Chunk(layer, targets.stream().mapToInt(Integer::intValue).toArray()));
                    targets.clear();
                    rows = 0;
                }
                targets.add(position);
                rows += position + 1;
            }
            chunks.add(new Chunk(layer, targets.stream().mapToInt(Integer::intValue).toArray()));
        }
        return chunks;
    }

    /** @param name says which chunk this is in an error message */
    private static void computeChunk(Gpt2 model, long[] ids, Chunk chunk, float[] g, String name)
            throws NonFiniteInfluenceException {
        int layers = model.config().nLayer();
        int positions = ids.length;
        int targetLayer = chunk.layer();
        PackedPrefixes prefixes = new PackedPrefixes(chunk.targetPositions());

        try (NDManager manager = NDManager.newBaseManager();
             GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            List<NDArray> probes = new ArrayList<>();
            for (int layer = 0; layer < targetLayer; layer++) {
                NDArray probe = manager.zeros(new Shape(prefixes.rows(), model.config().nEmbd()));
                probe.setRequiresGradient(true);
                probes.add(probe);
            }
            NDArray target = model.statesAt(manager, ids, targetLayer, prefixes, probes);
            NDArray scores = target.abs().sum(new int[] {1}).div(target.norm(new int[] {1}));
            // The prefixes are independent, so the gradient of the sum is each prefix's own gradient.
            collector.backward(scores.sum());

            for (int layer = 0; layer < targetLayer; layer++) {
                float[] rows = probes.get(layer).getGradient().abs().sum(new int[] {1}).toFloatArray();
                for (int b = 0; b < prefixes.count(); b++) {
                    int targetPosition = prefixes.position(b);
                    requireFinite(rows, prefixes.start(b), targetPosition + 1, name, targetLayer, targetPosition, layer);
                    int offset = ((targetLayer * positions + targetPosition) * layers + layer) * positions;
                    // Only the causal cone is written: every other cell stays exactly 0.
                    System.arraycopy(rows, prefixes.start(b), g, offset, targetPosition + 1);
                }
            }
        }
    }

    private static void requireFinite(float[] rows, int start, int count, String chunk, int targetLayer,
                                      int targetPosition, int layer) throws NonFiniteInfluenceException {
        for (int position = 0; position < count; position++) {
            float value = rows[start + position];
            if (!InfluenceMatrix.isValid(value)) {
                throw new NonFiniteInfluenceException("G[" + targetLayer + "," + targetPosition + "," + layer + ","
                        + position + "] came out " + value + " in " + chunk + " (target layer " + targetLayer
                        + "); nothing was cached or written. The model's weights may hold NaN or infinite values; if they"
                        + " do not, please report this with the model and the text");
            }
        }
    }
}
