package dev.visibility.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.LayerNorm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * GPT-2 on DJL NDArrays, up to the residual stream: embeddings, then {@code n_layer} pre-LayerNorm blocks of
 * causal self-attention and an MLP. The final LayerNorm and the unembedding are never needed, so they are not
 * loaded.
 *
 * <p>The forward pass can add a "probe" to the residual stream after each block: a zero tensor that requires a
 * gradient. Its gradient is then the gradient with respect to that hidden state, which DJL offers no other way
 * to read.
 */
public final class Gpt2 implements AutoCloseable {
    private final Gpt2Config config;
    private final NDManager manager;
    private final NDArray wte;
    private final NDArray wpe;
    private final List<BlockWeights> blocks;

    private Gpt2(Gpt2Config config, NDManager manager, NDArray wte, NDArray wpe, List<BlockWeights> blocks) {
        this.config = config;
        this.manager = manager;
        this.wte = wte;
        this.wpe = wpe;
        this.blocks = blocks;
    }

    /** Loads {@code config.json} and {@code model.safetensors} from a Hugging Face model folder. */
    public static Gpt2 load(Path folder, Residual residual) throws ModelLoadException {
        Gpt2Config config = Gpt2Config.read(folder.resolve("config.json"));
        NDManager manager = NDManager.newBaseManager();
        try (SafeTensors tensors = SafeTensors.open(folder.resolve("model.safetensors"))) {
            WeightLoader loader = new WeightLoader(tensors, manager);
            loader.requireBlockCount(config.nLayer());
            boolean center = residual == Residual.CENTERED;
            int d = config.nEmbd();
            NDArray wte = writesResidual(loader.load("wte.weight", config.vocabSize(), d), center);
            NDArray wpe = writesResidual(loader.load("wpe.weight", config.nPositions(), d), center);
            List<BlockWeights> blocks = new ArrayList<>();
            for (int layer = 0; layer < config.nLayer(); layer++) {
                String h = "h." + layer + ".";
                blocks.add(new BlockWeights(
                        loader.load(h + "ln_1.weight", d), loader.load(h + "ln_1.bias", d),
                        loader.load(h + "attn.c_attn.weight", d, 3L * d), loader.load(h + "attn.c_attn.bias", 3L * d),
                        writesResidual(loader.load(h + "attn.c_proj.weight", d, d), center),
                        writesResidual(loader.load(h + "attn.c_proj.bias", d), center),
                        loader.load(h + "ln_2.weight", d), loader.load(h + "ln_2.bias", d),
                        loader.load(h + "mlp.c_fc.weight", d, 4L * d), loader.load(h + "mlp.c_fc.bias", 4L * d),
                        writesResidual(loader.load(h + "mlp.c_proj.weight", 4L * d, d), center),
                        writesResidual(loader.load(h + "mlp.c_proj.bias", d), center)));
            }
            return new Gpt2(config, manager, wte, wpe, List.copyOf(blocks));
        } catch (ModelLoadException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * The centered convention removes the mean over {@code d_model} from whatever writes into the residual stream;
     * the residual dimension is the last axis of every such weight (Conv1D stores {@code [in, out]}).
     */
    private static NDArray writesResidual(NDArray weight, boolean center) {
        if (!center) {
            return weight;
        }
        try (weight) {
            return weight.sub(weight.mean(new int[] {-1}, true));
        }
    }

    public Gpt2Config config() {
        return config;
    }

    /**
     * Runs blocks {@code 0..layer} over packed prefixes of {@code ids} and returns the state
     * {@code h[layer, prefixes.position(b)]} of each prefix, shape {@code [count, d_model]}.
     *
     * <p>Block 0 runs once on the text, since nothing differs between the prefixes before the first probe. Block
     * {@code layer} runs its query, attention output and MLP only at each prefix's last row: the target state
     * needs the keys and values of every earlier position, but nothing else of them.
     *
     * @param manager a short-lived manager that owns every intermediate array; close it after each pass, since
     *                DJL attaches results to the manager of their first operand and would otherwise keep them
     * @param layer   at least 1
     * @param probes  exactly {@code layer} arrays of shape {@code [prefixes.rows(), d_model]}, added to the
     *                residual stream after blocks {@code 0..layer-1}
     */
    public NDArray statesAt(NDManager manager, long[] ids, int layer, PackedPrefixes prefixes, List<NDArray> probes) {
        if (layer < 1 || probes.size() != layer) {
            throw new IllegalArgumentException("need layer >= 1 and one probe per block below it");
        }
        int length = prefixes.length();
        NDArray x = wte.get(manager, new NDIndex("{}", manager.create(Arrays.copyOf(ids, length))))
                .add(wpe.get(manager, new NDIndex("{}", manager.arange(0L, (long) length))));
        x = block(blocks.get(0), x, x, manager.create(causalMask(length), new Shape(length, length)), null);
        x = x.get(new NDIndex("{}", manager.create(prefixes.rowPositions()))).add(probes.get(0));
        NDArray mask = manager.create(prefixes.causalMask(), new Shape(prefixes.rows(), prefixes.rows()));
        for (int block = 1; block < layer; block++) {
            x = block(blocks.get(block), x, x, mask, null).add(probes.get(block));
        }
        NDArray lastRows = manager.create(prefixes.lastRows());
        return block(blocks.get(layer), x, x.get(new NDIndex("{}", lastRows)),
                manager.create(prefixes.lastRowMask(), new Shape(prefixes.count(), prefixes.rows())), lastRows);
    }

    /**
     * One pre-LayerNorm block over rows {@code x} ({@code [rows, d]}): {@code residual + attention(ln_1(x))},
     * then {@code + mlp(ln_2(·))}.
     *
     * @param residual   the residual stream at the query rows: {@code x} itself, or its rows {@code queryRows}
     * @param mask       {@code [queries, rows]}: 0 where a query may attend a row, -∞ elsewhere
     * @param queryRows  null for every row as a query, else the indices of the query rows
     */
    private NDArray block(BlockWeights w, NDArray x, NDArray residual, NDArray mask, NDArray queryRows) {
        NDArray h = residual.add(attention(w, layerNorm(x, w.ln1Weight(), w.ln1Bias()), mask, queryRows));
        return h.add(mlp(w, layerNorm(h, w.ln2Weight(), w.ln2Bias())));
    }

    private NDArray attention(BlockWeights w, NDArray x, NDArray mask, NDArray queryRows) {
        NDList qkv = x.matMul(w.attnWeight()).add(w.attnBias()).split(3, 1);
        NDArray query = queryRows == null ? qkv.get(0) : qkv.get(0).get(new NDIndex("{}", queryRows));
        NDArray q = splitHeads(query);
        NDArray k = splitHeads(qkv.get(1));
        NDArray v = splitHeads(qkv.get(2));
        NDArray scores = q.matMul(k.transpose(0, 2, 1)).div(scalar(x, Math.sqrt(config.headSize()))).add(mask);
        NDArray y = scores.softmax(-1).matMul(v).transpose(1, 0, 2).reshape(-1, config.nEmbd());
        return y.matMul(w.attnProjWeight()).add(w.attnProjBias());
    }

    /** {@code [rows, d]} to {@code [heads, rows, d/heads]}. */
    private NDArray splitHeads(NDArray x) {
        return x.reshape(-1, config.nHead(), config.headSize()).transpose(1, 0, 2);
    }

    private NDArray mlp(BlockWeights w, NDArray x) {
        return geluNew(x.matMul(w.fcWeight()).add(w.fcBias())).matMul(w.mlpProjWeight()).add(w.mlpProjBias());
    }

    /** GPT-2's tanh approximation of GELU ({@code gelu_new}): 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
    private static NDArray geluNew(NDArray x) {
        // x·(c + c·0.044715·x²) is the same polynomial as c·(x + 0.044715·x³) in fewer, cheaper kernels than pow.
        double c = Math.sqrt(2 / Math.PI);
        NDArray inner = x.mul(x).mul(scalar(x, c * 0.044715)).add(scalar(x, c)).mul(x);
        return x.mul(inner.tanh().add(scalar(x, 1)).mul(scalar(x, 0.5)));
    }

    /**
     * A float32 scalar in memory that PyTorch owns, attached to the manager of {@code like}.
     *
     * <p>Never use DJL's {@code mul(Number)}, {@code div(Number)} and the like here. They wrap the number in a
     * tensor over a Java direct buffer and close that tensor as soon as the operation returns, which drops the
     * last Java reference to the buffer. Autograd, however, keeps the tensor for the backward pass (the gradient
     * of {@code x·c} is {@code c}), so once the garbage collector frees the buffer, the backward pass multiplies
     * by whatever the freed memory then holds. That made {@code G} NaN or wrong on 12-layer models, depending on
     * when the collector ran. {@code full} allocates in PyTorch, which frees the memory only when autograd is
     * done with it.
     */
    private static NDArray scalar(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value);
    }

    private NDArray layerNorm(NDArray x, NDArray weight, NDArray bias) {
        return LayerNorm.layerNorm(x, new Shape(config.nEmbd()), weight, bias, (float) config.layerNormEpsilon())
                .singletonOrThrow();
    }

    /** {@code [T, T]}: 0 where a position may attend, -∞ above the diagonal, so that softmax gives exact zeros. */
    private static float[] causalMask(int length) {
        return new PackedPrefixes(new int[] {length - 1}).causalMask();
    }

    @Override
    public void close() {
        manager.close();
    }
}
