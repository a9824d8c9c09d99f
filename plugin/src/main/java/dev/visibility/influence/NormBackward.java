package dev.visibility.influence;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.visibility.model.Norm;
import dev.visibility.model.Normalization;
import dev.visibility.model.Normed;

/**
 * The vector-Jacobian product of a LayerNorm or RMSNorm over the last axis. With {@code g' = g ⊙ γ} and the
 * normalised rows {@code n}: LayerNorm ({@code n = (x - mean)·rstd}) gives
 * {@code dx = rstd·(g' - mean(g') - n·mean(g' ⊙ n))}; RMSNorm ({@code n = x·rstd}) has no centring, so
 * {@code dx = rstd·(g' - n·mean(g' ⊙ n))}. The bias does not enter.
 *
 * @param normed the forward pass's statistics at the rows the gradients have, broadcastable against them
 */
record NormBackward(Norm norm, Normed normed) {
    /** The product of {@code norm} with the statistics of the whole text taken at {@code where}, or null without a norm. */
    static NormBackward at(NDManager manager, Norm norm, Normed normed, NDIndex where) {
        return norm == null ? null : new NormBackward(norm, new Normed(normed.normalized().get(manager, where),
                normed.rstd().get(manager, where)));
    }

    NDArray backward(NDArray gradient) {
        NDArray scaled = gradient.mul(norm.weight());
        NDArray normalized = normed.normalized();
        NDArray projection = scaled.mul(normalized).mean(new int[] {-1}, true).mul(normalized);
        NDArray centered = norm.kind() == Normalization.LAYER_NORM
                ? scaled.sub(scaled.mean(new int[] {-1}, true)) : scaled;
        return centered.sub(projection).mul(normed.rstd());
    }
}
