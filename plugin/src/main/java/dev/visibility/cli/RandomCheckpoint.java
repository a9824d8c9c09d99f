package dev.visibility.cli;

import dev.visibility.cli.BenchmarkShape.Dimensions;
import dev.visibility.io.AtomicFiles;
import dev.visibility.model.SafeTensors.DType;
import dev.visibility.model.SafeTensorsWriter;
import dev.visibility.model.SafeTensorsWriter.Tensor;
import dev.visibility.model.SafeTensorsWriter.Values;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a checkpoint with random weights laid out as the real model's on the hub: its {@code config.json}, and a
 * {@code model.safetensors} with the family's tensor names, shapes and dtype, so that the benchmark loads and
 * computes exactly the real workload without the real weights.
 *
 * <p>Weights are normal with standard deviation 0.02 (the families' initialisation scale), biases 0 and norm gains
 * 1, except Gemma's: its RMSNorm multiplies by {@code 1 + gain}, so its stored gains are 0. Values are generated
 * while they are written, so a multi-gigabyte checkpoint never sits in memory. Tensors are stored in name order,
 * as the {@code safetensors} library stores them.
 */
final class RandomCheckpoint {
    /**
     * The tensors of a checkpoint, in file order; their values are drawn only as they are written.
     *
     * @param tensors         every tensor, sorted by name
     * @param blockParameters the number of weights in the blocks: all but the embeddings, the final norm, an untied
     *                        output layer and buffers, which the heatmaps need no more than a row lookup of
     */
    record Layout(List<Tensor> tensors, long blockParameters) {
        /** The number of values in all tensors. */
        long parameters() {
            return tensors.stream().mapToLong(tensor -> count(tensor.shape())).sum();
        }

        /** The size of the tensors' data, without the header. */
        long dataBytes() {
            return tensors.stream().mapToLong(tensor -> count(tensor.shape()) * tensor.dtype().bytes()).sum();
        }

        /** The size of the blocks' weights as float32, the form in which the engine computes with them. */
        double float32BlockGigabytes() {
            return 4.0 * blockParameters / 1e9;
        }
    }

    private RandomCheckpoint() {
    }

    /** Writes {@code shape} at its real sizes into {@code folder}. */
    static Layout write(Path folder, BenchmarkShape shape) throws IOException {
        return write(folder, shape, shape.dimensions());
    }

    /** Writes {@code shape}'s config and tensors at the sizes {@code d} into {@code folder}. */
    static Layout write(Path folder, BenchmarkShape shape, Dimensions d) throws IOException {
        AtomicFiles.write(folder.resolve("config.json"), shape.configJson(d).getBytes(StandardCharsets.UTF_8));
        Layout layout = layout(shape, d);
        AtomicFiles.write(folder.resolve("model.safetensors"), out -> SafeTensorsWriter.write(out, layout.tensors()));
        return layout;
    }

    /** The tensors of {@code shape} at the sizes {@code d}, with nothing drawn or written yet. */
    static Layout layout(BenchmarkShape shape, Dimensions d) {
        Tensors tensors = new Tensors(shape.dtype());
        switch (shape.family()) {
            case GPT2 -> gpt2(tensors, d);
            case GPT_NEOX -> gptNeoX(tensors, d);
            case LLAMA, QWEN2, GEMMA2 -> llama(tensors, d, shape.family());
        }
        List<Tensor> sorted = tensors.list.stream().sorted(Comparator.comparing(Tensor::name)).toList();
        return new Layout(sorted, tensors.blockParameters);
    }

    private static long count(long[] shape) {
        long count = 1;
        for (long dim : shape) {
            count *= dim;
        }
        return count;
    }

    /** GPT-2 ({@code modeling_gpt2.py}): Conv1D weights are stored {@code [in, out]}. */
    private static void gpt2(Tensors t, Dimensions d) {
        long width = d.hiddenSize();
        long inner = d.intermediateSize();
        t.gaussian("wte.weight", d.vocabSize(), width);
        t.gaussian("wpe.weight", d.maxPositions(), width);
        for (int layer = 0; layer < d.layers(); layer++) {
            String h = "h." + layer + ".";
            t.inBlock = true;
            t.layerNorm(h + "ln_1", width);
            t.gaussian(h + "attn.c_attn.weight", width, 3 * width);
            t.constant(h + "attn.c_attn.bias", 0, 3 * width);
            t.gaussian(h + "attn.c_proj.weight", width, width);
            t.constant(h + "attn.c_proj.bias", 0, width);
            t.layerNorm(h + "ln_2", width);
            t.gaussian(h + "mlp.c_fc.weight", width, inner);
            t.constant(h + "mlp.c_fc.bias", 0, inner);
            t.gaussian(h + "mlp.c_proj.weight", inner, width);
            t.constant(h + "mlp.c_proj.bias", 0, width);
            t.inBlock = false;
        }
        t.layerNorm("ln_f", width);
    }

    /**
     * GPT-NeoX ({@code modeling_gpt_neox.py}): nn.Linear weights {@code [out, in]}; the fused query, key and value
     * projection is laid out per head, which random weights need not mind. Pythia's checkpoints also keep each
     * layer's rotary {@code inv_freq} buffer (for {@code rotary_pct} 0.25) and an untied output layer.
     */
    private static void gptNeoX(Tensors t, Dimensions d) {
        long width = d.hiddenSize();
        long inner = d.intermediateSize();
        int rotaryDims = (int) (d.headDim() * 0.25);
        t.gaussian("gpt_neox.embed_in.weight", d.vocabSize(), width);
        for (int layer = 0; layer < d.layers(); layer++) {
            String p = "gpt_neox.layers." + layer + ".";
            t.values(p + "attention.rotary_emb.inv_freq",
                    i -> (float) Math.pow(10000, -2.0 * i / rotaryDims), rotaryDims / 2);
            t.inBlock = true;
            t.layerNorm(p + "input_layernorm", width);
            t.layerNorm(p + "post_attention_layernorm", width);
            t.gaussian(p + "attention.query_key_value.weight", 3 * width, width);
            t.constant(p + "attention.query_key_value.bias", 0, 3 * width);
            t.gaussian(p + "attention.dense.weight", width, width);
            t.constant(p + "attention.dense.bias", 0, width);
            t.gaussian(p + "mlp.dense_h_to_4h.weight", inner, width);
            t.constant(p + "mlp.dense_h_to_4h.bias", 0, inner);
            t.gaussian(p + "mlp.dense_4h_to_h.weight", width, inner);
            t.constant(p + "mlp.dense_4h_to_h.bias", 0, width);
            t.inBlock = false;
        }
        t.layerNorm("gpt_neox.final_layer_norm", width);
        t.gaussian("embed_out.weight", d.vocabSize(), width);
    }

    /**
     * Llama ({@code modeling_llama.py}), Qwen2 (the same with query, key and value biases) and Gemma 2 (two more
     * norms per block, and gains stored as offsets from 1). Their embeddings are tied, so there is no output layer.
     */
    private static void llama(Tensors t, Dimensions d, BenchmarkShape.Family family) {
        long width = d.hiddenSize();
        long queries = (long) d.heads() * d.headDim();
        long keys = (long) d.kvHeads() * d.headDim();
        long inner = d.intermediateSize();
        float gain = family == BenchmarkShape.Family.GEMMA2 ? 0 : 1;
        t.gaussian("model.embed_tokens.weight", d.vocabSize(), width);
        for (int layer = 0; layer < d.layers(); layer++) {
            String p = "model.layers." + layer + ".";
            t.inBlock = true;
            t.constant(p + "input_layernorm.weight", gain, width);
            t.gaussian(p + "self_attn.q_proj.weight", queries, width);
            t.gaussian(p + "self_attn.k_proj.weight", keys, width);
            t.gaussian(p + "self_attn.v_proj.weight", keys, width);
            if (family == BenchmarkShape.Family.QWEN2) {
                t.constant(p + "self_attn.q_proj.bias", 0, queries);
                t.constant(p + "self_attn.k_proj.bias", 0, keys);
                t.constant(p + "self_attn.v_proj.bias", 0, keys);
            }
            t.gaussian(p + "self_attn.o_proj.weight", width, queries);
            t.constant(p + "post_attention_layernorm.weight", gain, width);
            if (family == BenchmarkShape.Family.GEMMA2) {
                t.constant(p + "pre_feedforward_layernorm.weight", gain, width);
                t.constant(p + "post_feedforward_layernorm.weight", gain, width);
            }
            t.gaussian(p + "mlp.gate_proj.weight", inner, width);
            t.gaussian(p + "mlp.up_proj.weight", inner, width);
            t.gaussian(p + "mlp.down_proj.weight", width, inner);
            t.inBlock = false;
        }
        t.constant("model.norm.weight", gain, width);
    }

    /** The tensors of one checkpoint, all in one dtype, with the count of the blocks' weights. */
    private static final class Tensors {
        private final DType dtype;
        private final SplittableRandom random = new SplittableRandom(2019);
        private final List<Tensor> list = new ArrayList<>();
        private boolean inBlock;
        private long blockParameters;

        Tensors(DType dtype) {
            this.dtype = dtype;
        }

        /** Normal with standard deviation 0.02, from a generator of its own, drawn as the writer asks. */
        void gaussian(String name, long... shape) {
            SplittableRandom own = random.split();
            values(name, index -> (float) (own.nextGaussian() * 0.02), shape);
        }

        void constant(String name, float value, long... shape) {
            values(name, index -> value, shape);
        }

        void layerNorm(String prefix, long width) {
            constant(prefix + ".weight", 1, width);
            constant(prefix + ".bias", 0, width);
        }

        void values(String name, Values values, long... shape) {
            list.add(new Tensor(name, dtype, shape, values));
            if (inBlock) {
                blockParameters += count(shape);
            }
        }
    }
}
