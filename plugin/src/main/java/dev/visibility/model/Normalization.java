package dev.visibility.model;

/** The norm of a family: both normalise each row over its last axis, then multiply by a gain. */
public enum Normalization {
    /** {@code (x - mean) / √(var + ε) · γ + β} (GPT-2, GPT-NeoX). */
    LAYER_NORM,
    /** {@code x / √(mean(x²) + ε) · γ}, no centring and no bias (Llama, Qwen, Gemma). */
    RMS_NORM
}
