package dev.visibility.model;

import ai.djl.ndarray.NDArray;

/**
 * The position-wise MLP: {@code out(act(in(x)))}, or gated, {@code down(act(gate(x)) · up(x))} (Llama, Qwen,
 * Gemma), with the gate and up projections side by side in one matrix.
 *
 * @param inWeight  {@code [d, width]}, or {@code [d, 2·width]} as {@code [gate | up]} when gated
 * @param inBias    null when there is none
 * @param outWeight {@code [width, d]}
 * @param outBias   null when there is none
 */
public record Mlp(Activation activation, boolean gated, NDArray inWeight, NDArray inBias, NDArray outWeight,
                  NDArray outBias) {
    /**
     * @param preactivation the input projection, {@code [T, width]} or {@code [T, 2·width]} when gated
     * @param output        {@code [T, d]}
     */
    public record Activations(NDArray preactivation, NDArray output) {
    }

    public Activations forward(NDArray x) {
        NDArray preactivation = x.matMul(inWeight);
        if (inBias != null) {
            preactivation = preactivation.add(inBias);
        }
        NDArray hidden;
        if (gated) {
            long width = preactivation.getShape().get(1) / 2;
            hidden = activation.apply(preactivation.get(":, :{}", width)).mul(preactivation.get(":, {}:", width));
        } else {
            hidden = activation.apply(preactivation);
        }
        NDArray output = hidden.matMul(outWeight);
        return new Activations(preactivation, outBias == null ? output : output.add(outBias));
    }
}
