package dev.visibility.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * One decoder block of any supported family: two branches that each read a normed copy of the residual stream and
 * add their result to it. In sequence, {@code h = x + attn(norm(x))} and {@code out = h + mlp(norm(h))}; in
 * parallel (GPT-NeoX's {@code use_parallel_residual}), {@code out = x + attn(norm₁(x)) + mlp(norm₂(x))}. Gemma 2
 * also norms each branch's result before adding it ({@code attentionOutNorm}, {@code mlpOutNorm}).
 *
 * @param attentionOutNorm null unless the family norms the attention's result
 * @param mlpOutNorm       null unless the family norms the MLP's result
 */
public record Block(Norm attentionNorm, Attention attention, Norm attentionOutNorm, Norm mlpNorm, Mlp mlp,
                    Norm mlpOutNorm, boolean parallel) {
    /**
     * What one block computed over a text of {@code T} tokens, kept for differentiating it.
     *
     * @param attentionIn  the attention branch's norm
     * @param attentionOut the norm of the attention's result, or null
     * @param mlpIn        the MLP branch's norm
     * @param mlpOut       the norm of the MLP's result, or null
     * @param output       the residual stream after the block, {@code [T, d]}: the hidden state {@code h[layer]}
     */
    public record Activations(Normed attentionIn, Attention.Activations attention, Normed attentionOut,
                              Normed mlpIn, Mlp.Activations mlp, Normed mlpOut, NDArray output) {
        /** Every array kept, so that they can move to a longer-lived manager together. */
        NDList arrays() {
            NDList list = attention.arrays();
            list.add(mlp.preactivation());
            list.add(output);
            for (Normed normed : new Normed[] {attentionIn, attentionOut, mlpIn, mlpOut}) {
                if (normed != null) {
                    list.add(normed.normalized());
                    list.add(normed.rstd());
                }
            }
            return list;
        }
    }

    /**
     * @param x    {@code [T, d]}, the residual stream before the block
     * @param mask {@code [T, T]}: 0 where a query may attend, -∞ elsewhere (this block's window included)
     */
    public Activations forward(NDArray x, Rope.Table rope, NDArray mask) {
        Normed attentionIn = attentionNorm.normalize(x);
        Attention.Activations attended = attention.forward(attentionNorm.output(attentionIn), rope, mask);
        Normed attentionOut = attentionOutNorm == null ? null : attentionOutNorm.normalize(attended.output());
        NDArray attentionResult = attentionOut == null ? attended.output() : attentionOutNorm.output(attentionOut);
        NDArray mlpInput = parallel ? x : x.add(attentionResult);
        Normed mlpIn = mlpNorm.normalize(mlpInput);
        Mlp.Activations mlpActivations = mlp.forward(mlpNorm.output(mlpIn));
        Normed mlpOut = mlpOutNorm == null ? null : mlpOutNorm.normalize(mlpActivations.output());
        NDArray mlpResult = mlpOut == null ? mlpActivations.output() : mlpOutNorm.output(mlpOut);
        NDArray output = parallel ? mlpResult.add(attentionResult).add(x) : mlpInput.add(mlpResult);
        return new Activations(attentionIn, attended, attentionOut, mlpIn, mlpActivations, mlpOut, output);
    }
}
