package dev.visibility.influence;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.visibility.model.Block;
import dev.visibility.model.ModelConfig;
import dev.visibility.model.Transformer;

import java.util.List;

/**
 * The targets of one chunk, at every layer, carried down the blocks from the top: at block {@code l} the
 * targets of layer {@code l} join those above, and the gradients below the block give the rows
 * {@code G[·,·,l-1,·]} of all of them.
 */
final class ChunkWalk {
    private final Transformer model;
    private final ModelConfig config;
    private final List<Block.Activations> forward;
    private final PackedPrefixes prefixes;
    private final float[] g;
    private final int positions;
    private final String name;

    /**
     * @param forward   what every block computed over the whole text
     * @param g         receives the rows of {@code G}, flattened {@code [L][P][l][p]}
     * @param positions the length of the text
     * @param name      says which chunk this is in an error message
     */
    ChunkWalk(Transformer model, List<Block.Activations> forward, PackedPrefixes prefixes, float[] g, int positions,
              String name) {
        this.model = model;
        this.config = model.config();
        this.forward = forward;
        this.prefixes = prefixes;
        this.g = g;
        this.positions = positions;
        this.name = name;
    }

    /** @param manager owns the gradients carried from block to block; each block's work has its own. */
    void run(NDManager manager) throws NonFiniteInfluenceException {
        NDArray gradient = null;
        for (int level = config.layers() - 1; level >= 1; level--) {
            NDArray below;
            try (NDManager step = manager.newSubManager()) {
                NDArray seeds = seeds(step, forward.get(level).output());
                NDArray above = seeds;
                if (gradient != null) {
                    gradient.attach(step);
                    above = gradient.concat(seeds, 0);
                }
                below = new BlockBackward(step, model.block(level), forward.get(level), prefixes)
                        .backward(above);
                writeRows(below, level - 1);
                below.attach(manager);
            }
            gradient = below;
        }
    }

    /**
     * {@code [1, rows, d]}: for the targets of one layer, {@code ∂s/∂h} at each target's own state and 0 at every
     * other row, with {@code s(h) = Σ|h|/‖h‖₂}, so {@code ∂s/∂h = sign(h)/‖h‖ - h·Σ|h|/‖h‖³}.
     */
    private NDArray seeds(NDManager step, NDArray states) {
        NDArray h = states.get(step, new NDIndex("{}", step.create(prefixes.targetPositions())));
        NDArray norm = h.norm(new int[] {-1}, true);
        NDArray l1 = h.abs().sum(new int[] {-1}, true);
        NDArray seed = h.sign().div(norm).sub(h.mul(l1.div(norm.mul(norm).mul(norm))));
        return seed.concat(step.zeros(new Shape(1, config.hiddenSize())), 0)
                .get(new NDIndex("{}", step.create(prefixes.targetAtRow())))
                .expandDims(0);
    }

    /** Group {@code i} of {@code gradient} belongs to the targets of layer {@code n_layer - 1 - i}. */
    private void writeRows(NDArray gradient, int layer) throws NonFiniteInfluenceException {
        int layers = config.layers();
        int rows = prefixes.rows();
        float[] sums = gradient.abs().sum(new int[] {-1}).toFloatArray();
        for (int group = 0; group < sums.length / rows; group++) {
            int targetLayer = layers - 1 - group;
            for (int b = 0; b < prefixes.count(); b++) {
                int targetPosition = prefixes.position(b);
                int from = group * rows + prefixes.start(b);
                requireFinite(sums, from, targetPosition + 1, targetLayer, targetPosition, layer);
                int offset = InfluenceMatrix.index(layers, positions, targetLayer, targetPosition, layer, 0);
                // Only the causal cone is written: every other cell stays exactly 0.
                System.arraycopy(sums, from, g, offset, targetPosition + 1);
            }
        }
    }

    private void requireFinite(float[] sums, int from, int count, int targetLayer, int targetPosition, int layer)
            throws NonFiniteInfluenceException {
        for (int position = 0; position < count; position++) {
            float value = sums[from + position];
            if (!InfluenceMatrix.isValid(value)) {
                throw new NonFiniteInfluenceException("G[" + targetLayer + "," + targetPosition + "," + layer + ","
                        + position + "] came out " + value + " in " + name + " (target layer " + targetLayer
                        + "); nothing was cached or written. The model's weights may hold NaN or infinite values;"
                        + " if they do not, please report this with the model and the text");
            }
        }
    }
}
