package dev.visibility.influence;

import ai.djl.ndarray.NDManager;
import dev.visibility.model.Block;
import dev.visibility.model.ModelConfig;
import dev.visibility.model.ModelLoadException;
import dev.visibility.model.Transformer;

import java.util.ArrayList;
import java.util.List;

/**
 * Computes the influence matrix {@code G[L,P,l,p] = Σ_d |∂ s(h[L,P]) / ∂ h[l,p,d]|} with
 * {@code s(h) = Σ_d |h_d / ‖h‖₂|} (DESIGN.md §2).
 *
 * <p>The model runs forward once over the text. Then one vector-Jacobian product per target state {@code (L,P)}
 * gives row {@code (L,P)} of {@code G}: its gradient is seeded with {@code ∂s/∂h} at {@code h[L,P]} and carried
 * down through blocks {@code L … 1} by a hand-written backward pass ({@link BlockBackward}), and the gradient at
 * each level {@code l} gives the cells {@code G[L,P,l,·]}.
 *
 * <p>The targets are batched. A chunk holds the targets of every layer at a few positions; the walk goes down
 * the blocks from the top, adding the targets of each layer as it reaches them, so the lower blocks serve all
 * the targets above them in one set of matrix multiplies. A target at position {@code P} needs only positions
 * {@code 0..P} (attention is causal), so each target carries only its prefix, packed without padding
 * ({@link PackedPrefixes}).
 */
public final class InfluenceComputation {
    /** Changes whenever the numbers this class produces could change; part of every cache key. */
    public static final String ENGINE_VERSION = "3";

    /**
     * Upper bound on the memory of one chunk's gradients and intermediates, which live until each block's
     * backward pass is done: per packed row and target layer, about {@link #floatsPerRow} floats; per target and
     * layer, about {@value #ATTENTION_COPIES} padded attention matrices of every head.
     */
    static final long CHUNK_BYTES = 256L << 20;
    private static final long ATTENTION_COPIES = 10;

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
     * @throws ModelLoadException          if an embedding row of the text cannot be read or is not finite
     */
    public static InfluenceMatrix compute(Transformer model, long[] ids, Progress progress)
            throws NonFiniteInfluenceException, ModelLoadException {
        return compute(model, ids, progress, CHUNK_BYTES);
    }

    /** The same with another memory bound per chunk; small bounds make many chunks. */
    static InfluenceMatrix compute(Transformer model, long[] ids, Progress progress, long chunkBytes)
            throws NonFiniteInfluenceException, ModelLoadException {
        ModelConfig config = model.config();
        int layers = config.layers();
        int positions = ids.length;
        float[] g = new float[InfluenceMatrix.cells(layers, positions)];
        List<int[]> chunks = plan(config, positions, chunkBytes);
        int total = layers * positions;
        // Targets in layer 0 see nothing below them: their rows of G are all zero and need no pass.
        int done = positions;
        progress.update(done, total);
        try (NDManager manager = NDManager.newBaseManager()) {
            List<Block.Activations> forward = model.forward(manager, ids);
            for (int c = 0; c < chunks.size(); c++) {
                try (NDManager chunkManager = manager.newSubManager()) {
                    new ChunkWalk(model, forward, new PackedPrefixes(chunks.get(c)), g, positions,
                            "chunk " + (c + 1) + " of " + chunks.size()).run(chunkManager);
                }
                done += chunks.get(c).length * (layers - 1);
                progress.update(done, total);
            }
        }
        return new InfluenceMatrix(layers, positions, g);
    }

    /**
     * The floats one packed row of one target layer holds at once: about 16 copies of the residual stream and of
     * the attention's projections, and 4 of the MLP's hidden layer (GPT-2: 32·d in all).
     */
    private static long floatsPerRow(ModelConfig config) {
        long mlpWidth = (long) config.intermediateSize() * (config.gatedMlp() ? 2 : 1);
        return 16L * Math.max(config.hiddenSize(), config.qkvWidth() / 3) + 4 * mlpWidth;
    }

    /**
     * The target positions of each chunk that {@link #compute(Transformer, long[], Progress)} will walk for a text
     * of {@code positions} tokens: what a cost estimate needs to count its operations.
     */
    public static List<int[]> chunks(ModelConfig config, int positions) {
        return plan(config, positions, CHUNK_BYTES);
    }

    /**
     * Splits the target positions into chunks, longest prefixes first, so that each chunk's work for all target
     * layers fits {@code chunkBytes} (see {@link #CHUNK_BYTES}).
     */
    static List<int[]> plan(ModelConfig config, int positions, long chunkBytes) {
        long groups = config.layers() - 1L;
        long bytesPerRow = groups * floatsPerRow(config) * Float.BYTES;
        List<int[]> chunks = new ArrayList<>();
        List<Integer> targets = new ArrayList<>();
        long rows = 0;
        // A chunk's attention is as wide as its longest prefix, that of its first (highest) target.
        int width = positions;
        for (int position = positions - 1; position >= 0; position--) {
            long attentionBytes = groups * (targets.size() + 1L) * ATTENTION_COPIES * config.heads() * width * width
                    * Float.BYTES;
            if (!targets.isEmpty() && (rows + position + 1) * bytesPerRow + attentionBytes > chunkBytes) {
                chunks.add(targets.stream().mapToInt(Integer::intValue).toArray());
                targets.clear();
                rows = 0;
                width = position + 1;
            }
            targets.add(position);
            rows += position + 1;
        }
        if (!targets.isEmpty()) {
            chunks.add(targets.stream().mapToInt(Integer::intValue).toArray());
        }
        return chunks;
    }
}
