package dev.visibility.model;

import java.nio.file.Path;
import java.util.List;

/**
 * The hyperparameters of a checkpoint, read from its Hugging Face {@code config.json} by {@code model_type}: what
 * every family shares, and the few switches by which their blocks differ. Each family's class says how its keys
 * map here ({@link Gpt2#config}, {@link GptNeoX#config}, {@link Llama#config}, {@link Gemma2#config}).
 *
 * @param modelType        {@code gpt2}, {@code gpt_neox}, {@code llama}, {@code qwen2}, {@code qwen3} or {@code gemma2}
 * @param layers           number of transformer blocks (rows of the visualisation)
 * @param hiddenSize       width of the residual stream, {@code d_model}
 * @param heads            query heads per block
 * @param kvHeads          key and value heads; query head {@code h} reads key head {@code h / (heads / kvHeads)}
 * @param headDim          width of one head
 * @param intermediateSize width of the MLP's hidden layer
 * @param vocabSize        number of token ids
 * @param maxPositions     longest text the model takes
 * @param bosTokenId       the token that begins a text, which starts every sample of a corpus
 * @param norm             LayerNorm or RMSNorm
 * @param normEpsilon      epsilon of every norm
 * @param activation       the MLP's nonlinearity
 * @param gatedMlp         {@code down(act(gate(x)) · up(x))} rather than {@code out(act(in(x)))}
 * @param rope             rotary position embedding, or null when positions are embedded (GPT-2)
 * @param attention        how attention scores are made
 * @param parallelResidual {@code x + attn(ln1(x)) + mlp(ln2(x))} rather than one branch after the other
 * @param sandwichNorms    Gemma 2's norms after attention and after the MLP, besides those before
 * @param biases           which linear layers have biases
 * @param embeddingScale   the factor applied to the token embeddings (Gemma: √hidden_size)
 */
public record ModelConfig(String modelType, int layers, int hiddenSize, int heads, int kvHeads, int headDim,
                          int intermediateSize, int vocabSize, int maxPositions, int bosTokenId,
                          Normalization norm, double normEpsilon, Activation activation, boolean gatedMlp,
                          Rope rope, AttentionScores attention, boolean parallelResidual, boolean sandwichNorms,
                          Biases biases, double embeddingScale) {
    /** The families this project implements, by {@code model_type}. */
    static final List<String> MODEL_TYPES = List.of("gpt2", "gpt_neox", "llama", "qwen2", "qwen3", "gemma2");

    /**
     * How attention scores are made from queries and keys.
     *
     * @param scale         the factor on {@code q·k} (usually {@code 1/√head_dim})
     * @param softcap       scores become {@code tanh(s/c)·c}; 0 for none
     * @param slidingWindow on even layers a query sees only the last this many keys; 0 for none
     * @param qkNorm        RMSNorm over each head of the queries and keys, before the rotary (Qwen3)
     */
    public record AttentionScores(double scale, double softcap, int slidingWindow, boolean qkNorm) {
        /** Whether layer {@code layer} attends through the sliding window (Gemma 2: layers 0, 2, 4, …). */
        public boolean slides(int layer) {
            return slidingWindow > 0 && layer % 2 == 0;
        }
    }

    /** Which linear layers add a bias: the query, key and value projections, the attention output, the MLP. */
    public record Biases(boolean qkv, boolean output, boolean mlp) {
    }

    /** Reads and checks {@code config.json}: strict JSON, and the type and range of every key used. */
    public static ModelConfig read(Path file) throws ModelLoadException {
        ConfigJson json = ConfigJson.read(file);
        String type = json.choiceOr("model_type", "gpt2", MODEL_TYPES);
        ModelConfig config = switch (type) {
            case "gpt2" -> Gpt2.config(json);
            case "gpt_neox" -> GptNeoX.config(json);
            case "gemma2" -> Gemma2.config(json);
            default -> Llama.config(json, type);
        };
        if (config.heads % config.kvHeads != 0) {
            throw json.refuse("num_key_value_heads", config.kvHeads + " does not divide num_attention_heads "
                    + config.heads);
        }
        return config;
    }

    /** The convention a block gets when it names none: centred where centring is defined. */
    public Residual defaultResidual() {
        return centerable() ? Residual.CENTERED : Residual.RAW;
    }

    /**
     * Centring (subtracting the mean over {@code d_model} from whatever writes into the residual stream) leaves
     * LayerNorm's output unchanged, so it shows the same model; a mean shift changes RMSNorm's output.
     */
    public boolean centerable() {
        return norm == Normalization.LAYER_NORM;
    }

    /** Width of the query, key and value projections together. */
    public int qkvWidth() {
        return (heads + 2 * kvHeads) * headDim;
    }

    /** How many parameters of the blocks a token's forward pass multiplies by: the work of the linear layers. */
    public long blockMatrixParameters() {
        long attention = (long) hiddenSize * qkvWidth() + (long) heads * headDim * hiddenSize;
        long mlp = (long) hiddenSize * intermediateSize * (gatedMlp ? 3 : 2);
        return attention + mlp;
    }
}
