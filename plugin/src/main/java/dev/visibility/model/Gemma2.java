package dev.visibility.model;

import ai.djl.ndarray.NDArray;

/**
 * Gemma 2 ({@code modeling_gemma2.py}): the token embedding times {@code √hidden_size}, then blocks with four
 * RMSNorms, {@code h = x + post_attention_norm(attn(input_norm(x)))} and
 * {@code out = h + post_feedforward_norm(mlp(pre_feedforward_norm(h)))}. Attention scores are scaled by
 * {@code query_pre_attn_scalar^-½} and soft-capped, {@code tanh(s/c)·c}; even layers attend through a sliding
 * window. The MLP is gated with the tanh GELU. Gemma's RMSNorm multiplies by {@code 1 + weight}.
 */
final class Gemma2 implements Family {
    static ModelConfig config(ConfigJson json) throws ModelLoadException {
        int width = json.wholeNumber("hidden_size", 1 << 16);
        int heads = json.wholeNumber("num_attention_heads", 1024);
        int headDim = json.wholeNumberOr("head_dim", 1 << 12, 256);
        Llama.requireNoRopeScaling(json);
        // Gemma2Config's default caps at 50; null turns the cap off.
        double softcap = json.isNull("attn_logit_softcapping") ? 0
                : json.numberOr("attn_logit_softcapping", 0, Double.MAX_VALUE, 50);
        boolean bias = json.flagOr("attention_bias", false);
        return new ModelConfig("gemma2", json.wholeNumber("num_hidden_layers", 1024), width, heads,
                json.wholeNumberOr("num_key_value_heads", 1024, heads), headDim,
                json.wholeNumber("intermediate_size", 1 << 20), json.wholeNumber("vocab_size", 1 << 24),
                json.wholeNumberOr("max_position_embeddings", 1 << 20, 8192), json.tokenIdOr("bos_token_id", 2),
                Normalization.RMS_NORM, json.numberOr("rms_norm_eps", 0, 1, 1e-6),
                Activation.named(json.choiceOr("hidden_activation", "gelu_pytorch_tanh",
                        Activation.supportedNames())), true,
                new Rope(headDim, Llama.theta(json), null),
                new ModelConfig.AttentionScores(1 / Math.sqrt(json.numberOr("query_pre_attn_scalar", 0,
                        Double.MAX_VALUE, 256)), softcap, json.wholeNumberOr("sliding_window", 1 << 24, 4096), false),
                false, true, new ModelConfig.Biases(bias, bias, false), Math.sqrt(width));
    }

    @Override
    public Names names() {
        return LLAMA_NAMES;
    }

    /** The embedding times {@code √hidden_size}, rounded to float32 first as Gemma's {@code normalizer} is. */
    @Override
    public Embedding embedding(WeightLoader weights, ModelConfig config, boolean center) throws ModelLoadException {
        Embedding tokens = Family.super.embedding(weights, config, center);
        return (manager, ids) -> {
            NDArray rows = tokens.embed(manager, ids);
            return rows.mul(Scalars.of(rows, config.embeddingScale()));
        };
    }

    @Override
    public Block block(WeightLoader weights, ModelConfig config, int layer, boolean center)
            throws ModelLoadException {
        String l = "layers." + layer + ".";
        ModelConfig.AttentionScores scores = config.attention();
        int window = scores.slides(layer) ? scores.slidingWindow() : 0;
        return new Block(norm(weights, config, l + "input_layernorm"),
                Llama.attention(weights, config, l + "self_attn.", scores.softcap(), window),
                norm(weights, config, l + "post_attention_layernorm"),
                norm(weights, config, l + "pre_feedforward_layernorm"),
                Llama.gatedMlp(weights, config, l + "mlp."),
                norm(weights, config, l + "post_feedforward_layernorm"), false);
    }

    /** Gemma's RMSNorm multiplies by {@code 1 + weight}, computed once here in float32 as Gemma does. */
    private static Norm norm(WeightLoader weights, ModelConfig config, String name) throws ModelLoadException {
        Norm stored = weights.norm(name, config, config.hiddenSize());
        NDArray gain = weights.derive(w -> w.add(Scalars.of(w, 1)), stored.weight());
        return new Norm(stored.kind(), gain, null, stored.epsilon());
    }
}
