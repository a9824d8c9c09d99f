package dev.visibility.influence;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.visibility.model.Block;

/**
 * The vector-Jacobian product of one block, written out by hand for many gradients at once: from the gradient
 * with respect to the block's output to the gradient with respect to its input. It knows the block's wiring (two
 * branches, in sequence or in parallel, each a norm, a sublayer and an optional norm of its result), not the
 * family; the pieces have their own products.
 *
 * <p>Gradients have the shape {@code [groups, rows, d]}. The rows are the packed prefixes of a chunk of targets
 * ({@link PackedPrefixes}); a group is one target layer, and every group has the same prefixes. What the forward
 * pass computed is shared by all of them: it is taken once, per packed row, from the activations of the whole
 * text, which causality makes the activations of every prefix.
 *
 * <p>Every array made here is attached to the manager given to the constructor, so closing it frees them all.
 */
final class BlockBackward {
    private final Block block;
    private final NormBackward attentionIn;
    private final AttentionBackward attention;
    private final NormBackward attentionOut;
    private final NormBackward mlpIn;
    private final MlpBackward mlp;
    private final NormBackward mlpOut;

    BlockBackward(NDManager manager, Block block, Block.Activations activations, PackedPrefixes prefixes) {
        this.block = block;
        NDIndex rows = new NDIndex("{}", manager.create(prefixes.rowPositions()));
        this.attentionIn = NormBackward.at(manager, block.attentionNorm(), activations.attentionIn(), rows);
        this.attention = new AttentionBackward(manager, block.attention(), activations.attention(), prefixes);
        this.attentionOut = NormBackward.at(manager, block.attentionOutNorm(), activations.attentionOut(), rows);
        this.mlpIn = NormBackward.at(manager, block.mlpNorm(), activations.mlpIn(), rows);
        this.mlp = new MlpBackward(block.mlp(), activations.mlp().preactivation().get(manager, rows));
        this.mlpOut = NormBackward.at(manager, block.mlpOutNorm(), activations.mlpOut(), rows);
    }

    /** A transposed view of a weight, attached to {@code manager} rather than to the model. */
    static NDArray transposed(NDArray weight, NDManager manager) {
        NDArray transposed = weight.transpose();
        transposed.attach(manager);
        return transposed;
    }

    /**
     * In sequence, {@code h = x + attn(x)} and {@code out = h + mlp(h)} (each branch with its norms), so with
     * {@code g} the gradient of {@code out}: {@code dh = g + mlpᵀ(g)} and {@code dx = dh + attnᵀ(dh)}. In
     * parallel, {@code out = x + attn(x) + mlp(x)}, so {@code dx = g + attnᵀ(g) + mlpᵀ(g)}.
     *
     * @param gradient {@code [groups, rows, d]} with respect to the block's output
     * @return {@code [groups, rows, d]} with respect to the block's input
     */
    NDArray backward(NDArray gradient) {
        if (block.parallel()) {
            return gradient.add(attentionBranch(gradient)).add(mlpBranch(gradient));
        }
        NDArray middle = gradient.add(mlpBranch(gradient));
        return middle.add(attentionBranch(middle));
    }

    private NDArray attentionBranch(NDArray gradient) {
        return attentionIn.backward(attention.backward(throughOptional(attentionOut, gradient)));
    }

    private NDArray mlpBranch(NDArray gradient) {
        return mlpIn.backward(mlp.backward(throughOptional(mlpOut, gradient)));
    }

    private static NDArray throughOptional(NormBackward norm, NDArray gradient) {
        return norm == null ? gradient : norm.backward(gradient);
    }
}
