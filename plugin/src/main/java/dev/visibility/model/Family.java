package dev.visibility.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * How one family's checkpoint becomes the shared pieces: its embedding and the wiring of each block. Each family
 * reads like its Hugging Face modeling file ({@link Gpt2}, {@link GptNeoX}, {@link Llama}, {@link Gemma2}).
 */
interface Family {
    /** The token embeddings of a text, with whatever the family adds before the first block. */
    @FunctionalInterface
    interface Embedding {
        NDArray embed(NDManager manager, long[] ids) throws ModelLoadException;
    }

    /** The prefix of tensor names in checkpoints of the language-model class, e.g. {@code model.}. */
    String prefix();

    /** The token embedding's name, without prefix. */
    String embeddingName();

    /** The config key that counts the blocks, for messages. */
    String layersKey();

    Embedding embedding(WeightLoader weights, ModelConfig config, boolean center) throws ModelLoadException;

    Block block(WeightLoader weights, ModelConfig config, int layer, boolean center) throws ModelLoadException;

    /** The family of {@code config}. */
    static Family of(ModelConfig config) {
        return switch (config.modelType()) {
            case "gpt2" -> new Gpt2();
            case "gpt_neox" -> new GptNeoX();
            case "gemma2" -> new Gemma2();
            default -> new Llama();
        };
    }
}
