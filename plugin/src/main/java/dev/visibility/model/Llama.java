package dev.visibility.model;

import java.util.List;
import java.util.Optional;

/**
 * Llama ({@code modeling_llama.py}), and Qwen2 and Qwen3, which differ from it in a few switches: a token
 * embedding, then blocks of RMSNorm, grouped-query attention with rotary embedding on the whole head, RMSNorm,
 * and a SwiGLU MLP, {@code down(silu(gate(x)) · up(x))}, in sequence.
 * <ul>
 *     <li>{@code llama} (Llama 3.2, SmolLM2): biases as {@code attention_bias} and {@code mlp_bias} say; Llama 3's
 *     {@code rope_scaling} of type {@code llama3}.</li>
 *     <li>{@code qwen2} (Qwen2.5): biases on the query, key and value projections always, none elsewhere.</li>
 *     <li>{@code qwen3}: RMSNorm over each query and key head ({@code q_norm}, {@code k_norm}) before the rotary;
 *     {@code head_dim} need not be {@code hidden_size / num_attention_heads}.</li>
 * </ul>
 */
final class Llama implements Family {
    static ModelConfig config(ConfigJson json, String type) throws ModelLoadException {
        int width = json.wholeNumber("hidden_size", 1 << 16);
        int heads = json.wholeNumber("num_attention_heads", 1024);
        int headDim = headDim(json, width, heads);
        Rope rope = new Rope(headDim, theta(json), llama3Scaling(json).orElse(null));
        if (!type.equals("llama")) {
            json.requireFlag("use_sliding_window", false, false, "sliding-window attention is not supported for "
                    + type + " (its checkpoints do not use it)");
        }
        ModelConfig.Biases biases = switch (type) {
            case "qwen2" -> new ModelConfig.Biases(true, false, false);
            case "qwen3" -> new ModelConfig.Biases(json.flagOr("attention_bias", false),
                    json.flagOr("attention_bias", false), false);
            default -> new ModelConfig.Biases(json.flagOr("attention_bias", false),
                    json.flagOr("attention_bias", false), json.flagOr("mlp_bias", false));
        };
        return new ModelConfig(type, json.wholeNumber("num_hidden_layers", 1024), width, heads,
                json.wholeNumberOr("num_key_value_heads", 1024, heads), headDim,
                json.wholeNumber("intermediate_size", 1 << 20), json.wholeNumber("vocab_size", 1 << 24),
                json.wholeNumberOr("max_position_embeddings", 1 << 20, 2048),
                json.tokenIdOr("bos_token_id", type.equals("llama") ? 1 : 151643),
                Normalization.RMS_NORM, json.numberOr("rms_norm_eps", 0, 1, 1e-6),
                Activation.named(json.choiceOr("hidden_act", "silu", Activation.supportedNames())), true, rope,
                new ModelConfig.AttentionScores(1 / Math.sqrt(headDim), 0, 0, type.equals("qwen3")), false, false,
                biases, 1);
    }

    /** {@code head_dim} when given, else {@code hidden_size / num_attention_heads}. */
    static int headDim(ConfigJson json, int width, int heads) throws ModelLoadException {
        if (json.has("head_dim")) {
            return json.wholeNumber("head_dim", 1 << 12);
        }
        if (width % heads != 0) {
            throw json.refuse("hidden_size", width + " is not a multiple of num_attention_heads " + heads
                    + ", and head_dim is not given");
        }
        return width / heads;
    }

    static double theta(ConfigJson json) throws ModelLoadException {
        return json.numberOr("rope_theta", 0, Double.MAX_VALUE, 10000);
    }

    /** {@code rope_scaling}: absent, null, of type {@code default}, or {@code llama3}. */
    private static Optional<Rope.Llama3Scaling> llama3Scaling(ConfigJson json) throws ModelLoadException {
        Optional<ConfigJson> scaling = json.objectOr("rope_scaling");
        if (scaling.isEmpty() || ropeType(scaling.get()).equals("default")) {
            return Optional.empty();
        }
        ConfigJson s = scaling.get();
        double low = s.numberOr("low_freq_factor", 0, Double.MAX_VALUE, 1);
        double high = s.numberOr("high_freq_factor", low, Double.MAX_VALUE, 4);
        return Optional.of(new Rope.Llama3Scaling(s.numberOr("factor", 0, Double.MAX_VALUE, 8), low, high,
                s.wholeNumber("original_max_position_embeddings", 1 << 24)));
    }

    /** Families without Llama 3's scaling take only unscaled rotary embeddings. */
    static void requireNoRopeScaling(ConfigJson json) throws ModelLoadException {
        Optional<ConfigJson> scaling = json.objectOr("rope_scaling");
        if (scaling.isPresent() && !ropeType(scaling.get()).equals("default")) {
            throw json.refuse("rope_scaling", "is given; this family is supported without rope scaling only");
        }
    }

    /** The scaling's type, under its current key {@code rope_type} or its older one, {@code type}. */
    private static String ropeType(ConfigJson scaling) throws ModelLoadException {
        String key = scaling.has("rope_type") ? "rope_type" : "type";
        return scaling.choiceOr(key, "default", List.of("default", "llama3"));
    }

    @Override
    public Names names() {
        return LLAMA_NAMES;
    }

    @Override
    public Block block(WeightLoader weights, ModelConfig config, int layer, boolean center)
            throws ModelLoadException {
        String l = "layers." + layer + ".";
        return new Block(weights.norm(l + "input_layernorm", config, config.hiddenSize()),
                attention(weights, config, l + "self_attn.", 0, 0), null,
                weights.norm(l + "post_attention_layernorm", config, config.hiddenSize()),
                gatedMlp(weights, config, l + "mlp."), null, false);
    }

    /**
     * The separate {@code q_proj}, {@code k_proj} and {@code v_proj} of Llama-like families, joined side by side
     * into one matrix so that one multiply makes all three; with Qwen3's {@code q_norm} and {@code k_norm}.
     */
    static Attention attention(WeightLoader weights, ModelConfig config, String prefix, double softcap, int window)
            throws ModelLoadException {
        long d = config.hiddenSize();
        long queries = (long) config.heads() * config.headDim();
        long keys = (long) config.kvHeads() * config.headDim();
        ModelConfig.Biases biases = config.biases();
        WeightLoader.Linear[] qkv = {new WeightLoader.Linear(prefix + "q_proj", queries),
                new WeightLoader.Linear(prefix + "k_proj", keys), new WeightLoader.Linear(prefix + "v_proj", keys)};
        Norm queryNorm = null;
        Norm keyNorm = null;
        if (config.attention().qkNorm()) {
            queryNorm = weights.norm(prefix + "q_norm", config, config.headDim());
            keyNorm = weights.norm(prefix + "k_norm", config, config.headDim());
        }
        return new Attention(config.heads(), config.kvHeads(), config.headDim(), weights.linears(d, qkv),
                biases.qkv() ? weights.biases(qkv) : null,
                weights.linear(prefix + "o_proj.weight", d, queries),
                biases.output() ? weights.load(prefix + "o_proj.bias", d) : null,
                queryNorm, keyNorm, config.rope(), config.attention().scale(), softcap, window);
    }

    /** {@code down(act(gate(x)) · up(x))}, with {@code gate} and {@code up} side by side in one matrix. */
    static Mlp gatedMlp(WeightLoader weights, ModelConfig config, String prefix) throws ModelLoadException {
        long d = config.hiddenSize();
        long inner = config.intermediateSize();
        boolean bias = config.biases().mlp();
        WeightLoader.Linear[] gateUp = {new WeightLoader.Linear(prefix + "gate_proj", inner),
                new WeightLoader.Linear(prefix + "up_proj", inner)};
        return new Mlp(config.activation(), true, weights.linears(d, gateUp), bias ? weights.biases(gateUp) : null,
                weights.linear(prefix + "down_proj.weight", d, inner),
                bias ? weights.load(prefix + "down_proj.bias", d) : null);
    }
}
