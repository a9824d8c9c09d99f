package dev.visibility.model;

import ai.djl.ndarray.NDArray;

/**
 * What a LayerNorm computed on its way: {@code normalized = (x - mean) · rstd}, before the gain and bias, and
 * {@code rstd = 1 / √(var + ε)}, one per row. Both are needed to differentiate it.
 *
 * @param normalized {@code [rows, d]}
 * @param rstd       {@code [rows, 1]}
 */
public record LayerNormed(NDArray normalized, NDArray rstd) {
}
