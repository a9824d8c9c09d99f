package dev.visibility.model;

import java.util.ArrayList;
import java.util.List;

/**
 * GPT-NeoX, the architecture of Pythia ({@code modeling_gpt_neox.py}): a token embedding ({@code embed_in}, no
 * position embedding), then blocks of LayerNorm, attention with rotary embedding on the first
 * {@code rotary_pct} of each head, and an MLP, in parallel ({@code x + attn(ln₁(x)) + mlp(ln₂(x))}) or in
 * sequence. The fused {@code query_key_value} is laid out per head, {@code [q | k | v]} for head 0, then head 1,
 * …; it is rearranged here into all queries, then all keys, then all values.
 */
final class GptNeoX implements Family {
    static ModelConfig config(ConfigJson json) throws ModelLoadException {
        int width = json.wholeNumber("hidden_size", 1 << 16);
        int heads = json.wholeNumber("num_attention_heads", 1024);
        if (width % heads != 0) {
            throw json.refuse("hidden_size", width + " is not a multiple of num_attention_heads " + heads);
        }
        int headDim = width / heads;
        double rotaryPct = json.numberOr("rotary_pct", 0, 1.0000001, json.numberOr("partial_rotary_factor", 0,
                1.0000001, 0.25));
        int rotaryDims = (int) (headDim * rotaryPct);
        if (rotaryDims % 2 != 0) {
            throw json.refuse("rotary_pct", "gives " + rotaryDims + " rotary features per head; they must be even");
        }
        double base = json.numberOr("rotary_emb_base", 0, Double.MAX_VALUE, json.numberOr("rope_theta", 0,
                Double.MAX_VALUE, 10000));
        Llama.requireNoRopeScaling(json);
        boolean bias = json.flagOr("attention_bias", true);
        return new ModelConfig("gpt_neox", json.wholeNumber("num_hidden_layers", 1024), width, heads, heads,
                headDim, json.wholeNumber("intermediate_size", 1 << 20), json.wholeNumber("vocab_size", 1 << 24),
                json.wholeNumberOr("max_position_embeddings", 1 << 20, 2048), json.tokenIdOr("bos_token_id", 0),
                Normalization.LAYER_NORM, json.numberOr("layer_norm_eps", 0, 1, 1e-5),
                Activation.named(json.choiceOr("hidden_act", "gelu", Activation.supportedNames())), false,
                rotaryDims == 0 ? null : new Rope(rotaryDims, base, null),
                new ModelConfig.AttentionScores(1 / Math.sqrt(headDim), 0, 0, false),
                json.flagOr("use_parallel_residual", true), false, new ModelConfig.Biases(bias, bias, true), 1);
    }

    @Override
    public Names names() {
        return new Names("gpt_neox.", "embed_in.weight", "num_hidden_layers");
    }

    @Override
    public Block block(WeightLoader weights, ModelConfig config, int layer, boolean center)
            throws ModelLoadException {
        String l = "layers." + layer + ".";
        long d = config.hiddenSize();
        long inner = config.intermediateSize();
        ModelConfig.Biases biases = config.biases();
        String qkv = l + "attention.query_key_value.";
        Attention attention = new Attention(config.heads(), config.kvHeads(), config.headDim(),
                weights.linear(byPart(weights.entry(qkv + "weight", 3 * d, d), config), 3 * d, d),
                biases.qkv() ? weights.load(byPart(weights.entry(qkv + "bias", 3 * d), config), 3 * d) : null,
                weights.writesResidual(weights.linear(l + "attention.dense.weight", d, d), center),
                biases.output() ? weights.writesResidual(weights.load(l + "attention.dense.bias", d), center)
                        : null,
                null, null, config.rope(), config.attention().scale(), 0, 0);
        Mlp mlp = new Mlp(config.activation(), false,
                weights.linear(l + "mlp.dense_h_to_4h.weight", inner, d),
                weights.load(l + "mlp.dense_h_to_4h.bias", inner),
                weights.writesResidual(weights.linear(l + "mlp.dense_4h_to_h.weight", d, inner), center),
                weights.writesResidual(weights.load(l + "mlp.dense_4h_to_h.bias", d), center));
        return new Block(weights.norm(l + "input_layernorm", config, d), attention, null,
                weights.norm(l + "post_attention_layernorm", config, d), mlp, null, config.parallelResidual());
    }

    /**
     * The fused {@code query_key_value} rows, stored per head as {@code [q | k | v]}, in the order all queries, all
     * keys, all values: head {@code h}'s part {@code p} is rows {@code (3h + p)·headDim …} of the stored tensor.
     */
    private static List<TensorReader.Rows> byPart(Checkpoint.Tensor fused, ModelConfig config) {
        List<TensorReader.Rows> rows = new ArrayList<>();
        for (int part = 0; part < 3; part++) {
            for (int head = 0; head < config.heads(); head++) {
                rows.add(new TensorReader.Rows(fused, (3L * head + part) * config.headDim(), config.headDim()));
            }
        }
        return rows;
    }
}
