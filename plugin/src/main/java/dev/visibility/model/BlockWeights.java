package dev.visibility.model;

import ai.djl.ndarray.NDArray;

/**
 * The weights of one transformer block, named as in the Hugging Face checkpoint. Hugging Face stores GPT-2's
 * linear layers as Conv1D, so every {@code *Weight} matrix here is {@code [in, out]} and is applied as
 * {@code x · W + b}.
 */
public record BlockWeights(
        NDArray ln1Weight, NDArray ln1Bias,
        NDArray attnWeight, NDArray attnBias,
        NDArray attnProjWeight, NDArray attnProjBias,
        NDArray ln2Weight, NDArray ln2Bias,
        NDArray fcWeight, NDArray fcBias,
        NDArray mlpProjWeight, NDArray mlpProjBias) {
}
