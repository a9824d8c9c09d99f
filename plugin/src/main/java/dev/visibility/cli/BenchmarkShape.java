package dev.visibility.cli;

import dev.visibility.model.SafeTensors.DType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The real models whose shapes {@code visibility benchmark --shape} measures with random weights: each one's
 * family, sizes, the dtype of its weights on the Hugging Face hub, and its {@code config.json} as the hub has it.
 *
 * <p>The configs are those of the hub repositories {@code openai-community/gpt2}, {@code EleutherAI/pythia-160m},
 * {@code HuggingFaceTB/SmolLM2-135M}, {@code Qwen/Qwen2.5-0.5B}, {@code meta-llama/Llama-3.2-1B} and
 * {@code google/gemma-2-2b}: the same keys and values, written as {@code transformers} writes them (sorted keys,
 * two-space indent). Only the sizes are placeholders, so that tests can write the same structure small.
 */
enum BenchmarkShape {
    GPT2("gpt2", "openai-community/gpt2", Family.GPT2, DType.F32,
            new Dimensions(12, 768, 12, 12, 64, 3072, 50257, 1024), """
            {
              "activation_function": "gelu_new",
              "architectures": [
                "GPT2LMHeadModel"
              ],
              "attn_pdrop": 0.1,
              "bos_token_id": 50256,
              "embd_pdrop": 0.1,
              "eos_token_id": 50256,
              "initializer_range": 0.02,
              "layer_norm_epsilon": 1e-05,
              "model_type": "gpt2",
              "n_ctx": ${positions},
              "n_embd": ${hidden},
              "n_head": ${heads},
              "n_layer": ${layers},
              "n_positions": ${positions},
              "resid_pdrop": 0.1,
              "summary_activation": null,
              "summary_first_dropout": 0.1,
              "summary_proj_to_labels": true,
              "summary_type": "cls_index",
              "summary_use_proj": true,
              "task_specific_params": {
                "text-generation": {
                  "do_sample": true,
                  "max_length": 50
                }
              },
              "vocab_size": ${vocab}
            }
            """),
    PYTHIA_160M("pythia-160m", "EleutherAI/pythia-160m", Family.GPT_NEOX, DType.F16,
            new Dimensions(12, 768, 12, 12, 64, 3072, 50304, 2048), """
            {
              "architectures": [
                "GPTNeoXForCausalLM"
              ],
              "bos_token_id": 0,
              "eos_token_id": 0,
              "hidden_act": "gelu",
              "hidden_size": ${hidden},
              "initializer_range": 0.02,
              "intermediate_size": ${intermediate},
              "layer_norm_eps": 1e-05,
              "max_position_embeddings": ${positions},
              "model_type": "gpt_neox",
              "num_attention_heads": ${heads},
              "num_hidden_layers": ${layers},
              "rotary_emb_base": 10000,
              "rotary_pct": 0.25,
              "tie_word_embeddings": false,
              "torch_dtype": "float16",
              "transformers_version": "4.24.0",
              "use_cache": true,
              "use_parallel_residual": true,
              "vocab_size": ${vocab}
            }
            """),
    SMOLLM2_135M("smollm2-135m", "HuggingFaceTB/SmolLM2-135M", Family.LLAMA, DType.BF16,
            new Dimensions(30, 576, 9, 3, 64, 1536, 49152, 8192), """
            {
              "architectures": [
                "LlamaForCausalLM"
              ],
              "attention_bias": false,
              "attention_dropout": 0.0,
              "bos_token_id": 0,
              "eos_token_id": 0,
              "hidden_act": "silu",
              "hidden_size": ${hidden},
              "initializer_range": 0.041666666666666664,
              "intermediate_size": ${intermediate},
              "is_llama_config": true,
              "max_position_embeddings": ${positions},
              "mlp_bias": false,
              "model_type": "llama",
              "num_attention_heads": ${heads},
              "num_hidden_layers": ${layers},
              "num_key_value_heads": ${kv_heads},
              "pretraining_tp": 1,
              "rms_norm_eps": 1e-05,
              "rope_interleaved": false,
              "rope_scaling": null,
              "rope_theta": 100000,
              "tie_word_embeddings": true,
              "torch_dtype": "bfloat16",
              "transformers_version": "4.40.1",
              "use_cache": true,
              "vocab_size": ${vocab}
            }
            """),
    QWEN2_5_0_5B("qwen2.5-0.5b", "Qwen/Qwen2.5-0.5B", Family.QWEN2, DType.BF16,
            new Dimensions(24, 896, 14, 2, 64, 4864, 151936, 32768), """
            {
              "architectures": [
                "Qwen2ForCausalLM"
              ],
              "attention_dropout": 0.0,
              "bos_token_id": 151643,
              "eos_token_id": 151643,
              "hidden_act": "silu",
              "hidden_size": ${hidden},
              "initializer_range": 0.02,
              "intermediate_size": ${intermediate},
              "max_position_embeddings": ${positions},
              "max_window_layers": ${layers},
              "model_type": "qwen2",
              "num_attention_heads": ${heads},
              "num_hidden_layers": ${layers},
              "num_key_value_heads": ${kv_heads},
              "rms_norm_eps": 1e-06,
              "rope_theta": 1000000.0,
              "sliding_window": 32768,
              "tie_word_embeddings": true,
              "torch_dtype": "bfloat16",
              "transformers_version": "4.40.1",
              "use_cache": true,
              "use_mrope": false,
              "use_sliding_window": false,
              "vocab_size": ${vocab}
            }
            """),
    LLAMA_3_2_1B("llama-3.2-1b", "meta-llama/Llama-3.2-1B", Family.LLAMA, DType.BF16,
            new Dimensions(16, 2048, 32, 8, 64, 8192, 128256, 131072), """
            {
              "architectures": [
                "LlamaForCausalLM"
              ],
              "attention_bias": false,
              "attention_dropout": 0.0,
              "bos_token_id": 128000,
              "eos_token_id": 128001,
              "head_dim": ${head_dim},
              "hidden_act": "silu",
              "hidden_size": ${hidden},
              "initializer_range": 0.02,
              "intermediate_size": ${intermediate},
              "max_position_embeddings": ${positions},
              "mlp_bias": false,
              "model_type": "llama",
              "num_attention_heads": ${heads},
              "num_hidden_layers": ${layers},
              "num_key_value_heads": ${kv_heads},
              "pretraining_tp": 1,
              "rms_norm_eps": 1e-05,
              "rope_scaling": {
                "factor": 32.0,
                "high_freq_factor": 4.0,
                "low_freq_factor": 1.0,
                "original_max_position_embeddings": 8192,
                "rope_type": "llama3"
              },
              "rope_theta": 500000.0,
              "tie_word_embeddings": true,
              "torch_dtype": "bfloat16",
              "transformers_version": "4.45.0.dev0",
              "use_cache": true,
              "vocab_size": ${vocab}
            }
            """),
    GEMMA_2_2B("gemma-2-2b", "google/gemma-2-2b", Family.GEMMA2, DType.F32,
            new Dimensions(26, 2304, 8, 4, 256, 9216, 256000, 8192), """
            {
              "architectures": [
                "Gemma2ForCausalLM"
              ],
              "attention_bias": false,
              "attention_dropout": 0.0,
              "attn_logit_softcapping": 50.0,
              "bos_token_id": 2,
              "cache_implementation": "hybrid",
              "eos_token_id": 1,
              "final_logit_softcapping": 30.0,
              "head_dim": ${head_dim},
              "hidden_act": "gelu_pytorch_tanh",
              "hidden_activation": "gelu_pytorch_tanh",
              "hidden_size": ${hidden},
              "initializer_range": 0.02,
              "intermediate_size": ${intermediate},
              "max_position_embeddings": ${positions},
              "model_type": "gemma2",
              "num_attention_heads": ${heads},
              "num_hidden_layers": ${layers},
              "num_key_value_heads": ${kv_heads},
              "pad_token_id": 0,
              "query_pre_attn_scalar": 256,
              "rms_norm_eps": 1e-06,
              "rope_theta": 10000.0,
              "sliding_window": 4096,
              "torch_dtype": "float32",
              "transformers_version": "4.42.4",
              "use_cache": true,
              "vocab_size": ${vocab}
            }
            """);

    /** The layouts of the checkpoints' tensors, as in the families' Hugging Face modeling files. */
    enum Family {
        /** {@code h.N.attn.c_attn} and friends; Conv1D weights stored {@code [in, out]}. */
        GPT2,
        /** {@code gpt_neox.layers.N.attention.query_key_value}, fused per head; nn.Linear {@code [out, in]}. */
        GPT_NEOX,
        /** {@code model.layers.N.self_attn.q_proj} and a gated MLP; RMSNorm gains. */
        LLAMA,
        /** Llama's layout with biases on the query, key and value projections. */
        QWEN2,
        /** Llama's layout with norms after attention and around the MLP; RMSNorm scales by (1 + gain). */
        GEMMA2
    }

    /**
     * The sizes a checkpoint is written at: the real model's, or, in tests, small ones with the same structure. A
     * size that the config does not state (GPT-2's MLP width, the head width of most families) must be the one the
     * family derives from the others.
     */
    record Dimensions(int layers, int hiddenSize, int heads, int kvHeads, int headDim, int intermediateSize,
                      int vocabSize, int maxPositions) {
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(\\w+)}");

    private final String shapeName;
    private final String hubRepo;
    private final Family family;
    private final DType dtype;
    private final Dimensions dimensions;
    private final String configTemplate;

    BenchmarkShape(String shapeName, String hubRepo, Family family, DType dtype, Dimensions dimensions,
                   String configTemplate) {
        this.shapeName = shapeName;
        this.hubRepo = hubRepo;
        this.family = family;
        this.dtype = dtype;
        this.dimensions = dimensions;
        this.configTemplate = configTemplate;
    }

    /** The name that {@code --shape} takes, e.g. {@code llama-3.2-1b}. */
    String shapeName() {
        return shapeName;
    }

    /** The hub repository whose config and layout the shape copies. */
    String hubRepo() {
        return hubRepo;
    }

    Family family() {
        return family;
    }

    /** The dtype of the weights on the hub, which the random checkpoint keeps. */
    DType dtype() {
        return dtype;
    }

    /** The real model's sizes. */
    Dimensions dimensions() {
        return dimensions;
    }

    /** {@code config.json} at the real model's sizes. */
    String configJson() {
        return configJson(dimensions);
    }

    /** {@code config.json} at the sizes {@code d}, which must fit what the config leaves to the family. */
    String configJson(Dimensions d) {
        Map<String, Integer> sizes = Map.of("layers", d.layers(), "hidden", d.hiddenSize(), "heads", d.heads(),
                "kv_heads", d.kvHeads(), "head_dim", d.headDim(), "intermediate", d.intermediateSize(),
                "vocab", d.vocabSize(), "positions", d.maxPositions());
        requireDerived(configTemplate.contains("${kv_heads}"), d.kvHeads(), d.heads(), "key/value heads");
        requireDerived(configTemplate.contains("${head_dim}"), d.headDim() * d.heads(), d.hiddenSize(),
                "head_dim × heads");
        requireDerived(configTemplate.contains("${intermediate}"), d.intermediateSize(), 4 * d.hiddenSize(),
                "MLP width");
        Matcher placeholder = PLACEHOLDER.matcher(configTemplate);
        StringBuilder config = new StringBuilder();
        while (placeholder.find()) {
            Integer size = sizes.get(placeholder.group(1));
            if (size == null) {
                throw new IllegalStateException(shapeName + ": unknown placeholder " + placeholder.group());
            }
            placeholder.appendReplacement(config, size.toString());
        }
        return placeholder.appendTail(config).toString();
    }

    private void requireDerived(boolean stated, int size, int derived, String what) {
        if (!stated && size != derived) {
            throw new IllegalArgumentException(shapeName + "'s config does not state its " + what + ", so it must be "
                    + derived + ", not " + size);
        }
    }

    /** The names that {@code --shape} takes, in order. */
    static String names() {
        return Arrays.stream(values()).map(BenchmarkShape::shapeName).collect(Collectors.joining(", "));
    }

    /** Parses {@code --shape}: one or more names separated by commas, each at most once. */
    static List<BenchmarkShape> parseList(String list) throws UsageException {
        List<BenchmarkShape> shapes = new ArrayList<>();
        for (String item : list.split(",", -1)) {
            BenchmarkShape shape = named(item.trim());
            if (shapes.contains(shape)) {
                throw new UsageException("--shape names " + shape.shapeName + " twice");
            }
            shapes.add(shape);
        }
        return shapes;
    }

    private static BenchmarkShape named(String name) throws UsageException {
        for (BenchmarkShape shape : values()) {
            if (shape.shapeName.equals(name)) {
                return shape;
            }
        }
        throw new UsageException("unknown shape '" + name + "'; --shape takes one or more of: " + names());
    }

    @Override
    public String toString() {
        return shapeName;
    }
}
