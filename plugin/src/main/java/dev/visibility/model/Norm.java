package dev.visibility.model;

import ai.djl.ndarray.NDArray;

/**
 * A LayerNorm or an RMSNorm over the last axis, with its gain (and LayerNorm's bias). Gemma's RMSNorm, which
 * multiplies by {@code 1 + weight}, is this one with the gain {@code 1 + weight}, made once at load time in float32
 * as Gemma computes it.
 *
 * @param bias null for RMSNorm
 */
public record Norm(Normalization kind, NDArray weight, NDArray bias, double epsilon) {
    /**
     * The row statistics, before the gain and bias. (DJL's fused norms do not return them, and their backward
     * passes need them.)
     */
    public Normed normalize(NDArray x) {
        NDArray centered = kind == Normalization.LAYER_NORM ? x.sub(x.mean(new int[] {-1}, true)) : x;
        NDArray meanSquare = centered.mul(centered).mean(new int[] {-1}, true);
        NDArray rstd = Scalars.of(x, 1).div(meanSquare.add(Scalars.of(x, epsilon)).sqrt());
        return new Normed(centered.mul(rstd), rstd);
    }

    /** The norm's output: the normalised rows times the gain, plus the bias. */
    public NDArray output(Normed normed) {
        NDArray scaled = normed.normalized().mul(weight);
        return bias == null ? scaled : scaled.add(bias);
    }

    /** Normalises {@code x} and applies the gain and bias. */
    public NDArray apply(NDArray x) {
        return output(normalize(x));
    }
}
