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

    /**
     * How a family names things.
     *
     * @param prefix    the prefix of tensor names in checkpoints of the language-model class, e.g. {@code model.}
     * @param embedding the token embedding's name, without prefix
     * @param layersKey the config key that counts the blocks, for messages
     */
    record Names(String prefix, String embedding, String layersKey) {
    }

    /** The names of Llama and the families that follow its layout. */
    Names LLAMA_NAMES = new Names("model.", "embed_tokens.weight", "num_hidden_layers");

    Names names();

    /** The token embeddings, as they are: the residual stream's first value in most families. */
    default Embedding embedding(WeightLoader weights, ModelConfig config, boolean center) throws ModelLoadException {
        TokenEmbedding tokens = new TokenEmbedding(weights.streamed(names().embedding(), config.vocabSize(),
                config.hiddenSize()), center);
        return tokens::rows;
    }

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
