package dev.visibility.model;

/**
 * GPT-2 ({@code modeling_gpt2.py}): token and position embeddings, then pre-LayerNorm blocks,
 * {@code x + attn(ln_1(x))} and {@code + mlp(ln_2(·))}, with the tanh GELU. Hugging Face stores GPT-2's linear
 * layers as Conv1D, {@code [in, out]}, which is already the orientation rows are multiplied by, and its query,
 * key and value projections as one {@code c_attn} whose output is {@code [q | k | v]}.
 */
final class Gpt2 implements Family {
    /** GPT-2's {@code <|endoftext|>}, Hugging Face's default when the file does not say. */
    private static final int DEFAULT_BOS = 50256;

    static ModelConfig config(ConfigJson json) throws ModelLoadException {
        Activation activation = Activation.named(json.choiceOr("activation_function", "gelu_new",
                Activation.supportedNames()));
        json.requireFlag("scale_attn_by_inverse_layer_idx", false, false, "only the standard scaling is supported");
        json.requireFlag("scale_attn_weights", true, true, "only the standard scaling is supported");
        // The upper bounds are far above every GPT-2 (XL: 48 layers, 25 heads, 1600 wide, 50257 tokens, 1024
        // positions), low enough that no product of them overflows the arithmetic of shapes and sizes.
        int layers = json.wholeNumber("n_layer", 1024);
        int heads = json.wholeNumber("n_head", 1024);
        int width = json.wholeNumber("n_embd", 1 << 16);
        int vocabSize = json.wholeNumber("vocab_size", 1 << 24);
        int positions = json.wholeNumber("n_positions", 1 << 16);
        if (width % heads != 0) {
            throw json.refuse("n_embd", width + " is not a multiple of n_head " + heads);
        }
        int inner = json.wholeNumberOr("n_inner", 1 << 20, 4 * width);
        double epsilon = json.numberOr("layer_norm_epsilon", 0, 1, 1e-5);
        int headDim = width / heads;
        return new ModelConfig("gpt2", layers, width, heads, heads, headDim, inner, vocabSize, positions,
                json.tokenIdOr("bos_token_id", DEFAULT_BOS), Normalization.LAYER_NORM, epsilon, activation, false,
                null, new ModelConfig.AttentionScores(1 / Math.sqrt(headDim), 0, 0, false), false, false,
                new ModelConfig.Biases(true, true, true), 1);
    }

    /** {@code wte[ids] + wpe[0..T-1]}; both write into the residual stream, so both are centred. */
    @Override
    public Names names() {
        return new Names("transformer.", "wte.weight", "n_layer");
    }

    @Override
    public Embedding embedding(WeightLoader weights, ModelConfig config, boolean center) throws ModelLoadException {
        int d = config.hiddenSize();
        TokenEmbedding tokens = new TokenEmbedding(weights.streamed("wte.weight", config.vocabSize(), d), center);
        TokenEmbedding positions = new TokenEmbedding(weights.streamed("wpe.weight", config.maxPositions(), d), center);
        return (manager, ids) -> {
            long[] indices = new long[ids.length];
            for (int p = 0; p < ids.length; p++) {
                indices[p] = p;
            }
            return tokens.rows(manager, ids).add(positions.rows(manager, indices));
        };
    }

    @Override
    public Block block(WeightLoader weights, ModelConfig config, int layer, boolean center)
            throws ModelLoadException {
        String h = "h." + layer + ".";
        long d = config.hiddenSize();
        long inner = config.intermediateSize();
        Attention attention = new Attention(config.heads(), config.kvHeads(), config.headDim(),
                weights.load(h + "attn.c_attn.weight", d, 3 * d), weights.load(h + "attn.c_attn.bias", 3 * d),
                weights.writesResidual(weights.load(h + "attn.c_proj.weight", d, d), center),
                weights.writesResidual(weights.load(h + "attn.c_proj.bias", d), center),
                null, null, null, config.attention().scale(), 0, 0);
        Mlp mlp = new Mlp(config.activation(), false,
                weights.load(h + "mlp.c_fc.weight", d, inner), weights.load(h + "mlp.c_fc.bias", inner),
                weights.writesResidual(weights.load(h + "mlp.c_proj.weight", inner, d), center),
                weights.writesResidual(weights.load(h + "mlp.c_proj.bias", d), center));
        return new Block(weights.norm(h + "ln_1", config, d), attention, null, weights.norm(h + "ln_2", config, d),
                mlp, null, false);
    }
}
