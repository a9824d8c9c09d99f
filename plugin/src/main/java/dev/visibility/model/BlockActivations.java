package dev.visibility.model;

import ai.djl.ndarray.NDArray;

/**
 * What one block computed over a text of {@code T} tokens, kept for differentiating it: everything a
 * backward pass through the block needs besides its weights.
 *
 * @param ln1           ln_1 of the block's input
 * @param query         {@code [heads, T, head size]}
 * @param key           {@code [heads, T, head size]}
 * @param value         {@code [heads, T, head size]}
 * @param attention     the attention probabilities, {@code [heads, T, T]}, exactly 0 above the diagonal
 * @param ln2           ln_2 of the residual stream between attention and MLP
 * @param fcPreactivation the MLP's input to {@code gelu_new}, {@code [T, 4·d]}
 * @param output        the residual stream after the block, {@code [T, d]}: the hidden state {@code h[layer]}
 */
public record BlockActivations(
        LayerNormed ln1,
        NDArray query, NDArray key, NDArray value, NDArray attention,
        LayerNormed ln2,
        NDArray fcPreactivation,
        NDArray output) {
}
