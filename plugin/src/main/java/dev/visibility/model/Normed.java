package dev.visibility.model;

import ai.djl.ndarray.NDArray;

/**
 * What a norm computed on its way, before its gain and bias: {@code normalized = (x - mean)·rstd} for LayerNorm,
 * {@code x·rstd} for RMSNorm, with {@code rstd} the reciprocal of the row's standard deviation or root mean
 * square. Both are needed to differentiate it.
 *
 * @param normalized {@code [rows, d]} (or any shape, normalised over its last axis)
 * @param rstd       the same shape with a last axis of 1
 */
public record Normed(NDArray normalized, NDArray rstd) {
}
