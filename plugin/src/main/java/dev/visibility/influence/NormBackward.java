package dev.visibility.influence;

import ai.djl.ndarray.NDArray;
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
    NDArray backward(NDArray gradient) {
        NDArray scaled = gradient.mul(norm.weight());
        NDArray normalized = normed.normalized();
        NDArray projection = scaled.mul(normalized).mean(new int[] {-1}, true).mul(normalized);
        NDArray centered = norm.kind() == Normalization.LAYER_NORM
                ? scaled.sub(scaled.mean(new int[] {-1}, true)) : scaled;
        return centered.sub(projection).mul(normed.rstd());
    }
}
