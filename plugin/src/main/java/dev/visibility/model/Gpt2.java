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
     * Runs blocks {@code 0..layer} over one copy of {@code ids} per target and returns each copy's state
     * {@code h[layer, positions[b]]}, shape {@code [batch, d_model]}.
     *
     * <p>Block {@code layer} itself runs only at each copy's target position: that state needs the keys and
     * values of every earlier position, but the query, the attention output and the MLP of no other position.
     *
     * @param manager   a short-lived manager that owns every intermediate array; close it after each pass, since
     *                  DJL attaches results to the manager of their first operand and would otherwise keep them
     * @param positions the target position of each copy in the batch
     * @param probes    added to the residual stream after blocks {@code 0..probes.size()-1}; each of shape
     *                  {@code [batch, T, d_model]}, at most {@code layer} of them
     */
    public NDArray statesAt(NDManager manager, long[] ids, int layer, int[] positions, List<NDArray> probes) {
        int length = ids.length;
        NDArray x = wte.get(manager, new NDIndex("{}", manager.create(ids)))
                .add(wpe.get(manager, new NDIndex("{}", manager.arange(0L, (long) length))))
                .expandDims(0);
        NDArray mask = causalMask(manager, length);
        for (int block = 0; block < layer; block++) {
            x = block(blocks.get(block), x, x, mask, null);
            if (block < probes.size()) {
                // Adding the zero probe also broadcasts the single sequence to the whole batch.
                x = x.add(probes.get(block));
            }
        }
        NDArray select = oneHot(manager, positions, length);
        NDArray last = block(blocks.get(layer), x, x.mul(select).sum(new int[] {1}, true),
                targetMask(manager, positions, length), select);
        return last.reshape(positions.length, config.nEmbd());
    }

    /**
     * One pre-LayerNorm block: {@code residual + attention(ln_1(x))}, then {@code + mlp(ln_2(·))}.
     *
     * @param residual the residual stream at the query positions: {@code x} itself, or the rows {@code select}
     *                 picks from it
     * @param select   null for every position as a query, else a one-hot {@code [batch, T, 1]} query picker
     */
    private NDArray block(BlockWeights w, NDArray x, NDArray residual, NDArray mask, NDArray select) {
        NDArray h = residual.add(attention(w, layerNorm(x, w.ln1Weight(), w.ln1Bias()), mask, select));
        return h.add(mlp(w, layerNorm(h, w.ln2Weight(), w.ln2Bias())));
    }

    private NDArray attention(BlockWeights w, NDArray x, NDArray mask, NDArray select) {
        long length = x.getShape().get(1);
        NDList qkv = x.matMul(w.attnWeight()).add(w.attnBias()).split(3, 2);
        NDArray query = select == null ? qkv.get(0) : qkv.get(0).mul(select).sum(new int[] {1}, true);
        long queries = query.getShape().get(1);
        NDArray q = splitHeads(query, queries);
        NDArray k = splitHeads(qkv.get(1), length);
        NDArray v = splitHeads(qkv.get(2), length);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).div(Math.sqrt(config.headSize())).add(mask);
        NDArray y = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(-1, queries, config.nEmbd());
        return y.matMul(w.attnProjWeight()).add(w.attnProjBias());
    }

    /** {@code [batch, T, d]} to {@code [batch, heads, T, d/heads]}. */
    private NDArray splitHeads(NDArray x, long length) {
        return x.reshape(-1, length, config.nHead(), config.headSize()).transpose(0, 2, 1, 3);
    }

    private NDArray mlp(BlockWeights w, NDArray x) {
        return geluNew(x.matMul(w.fcWeight()).add(w.fcBias())).matMul(w.mlpProjWeight()).add(w.mlpProjBias());
    }

    /** GPT-2's tanh approximation of GELU ({@code gelu_new}): 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
    private static NDArray geluNew(NDArray x) {
        NDArray inner = x.pow(3).mul(0.044715).add(x).mul(Math.sqrt(2 / Math.PI));
        return x.mul(inner.tanh().add(1)).mul(0.5);
    }

    private NDArray layerNorm(NDArray x, NDArray weight, NDArray bias) {
        return LayerNorm.layerNorm(x, new Shape(config.nEmbd()), weight, bias, (float) config.layerNormEpsilon())
                .singletonOrThrow();
    }

    /** {@code [batch, T, 1]}: 1 at each copy's target position, 0 elsewhere. */
    private static NDArray oneHot(NDManager manager, int[] positions, int length) {
        float[] oneHot = new float[positions.length * length];
        for (int b = 0; b < positions.length; b++) {
            oneHot[b * length + positions[b]] = 1;
        }
        return manager.create(oneHot, new Shape(positions.length, length, 1));
    }

    /** The causal mask row of each copy's target position, {@code [batch, 1, 1, T]}. */
    private static NDArray targetMask(NDManager manager, int[] positions, int length) {
        float[] mask = new float[positions.length * length];
        for (int b = 0; b < positions.length; b++) {
            Arrays.fill(mask, b * length + positions[b] + 1, (b + 1) * length, Float.NEGATIVE_INFINITY);
        }
        return manager.create(mask, new Shape(positions.length, 1, 1, length));
    }

    /** 0 where a position may attend, -∞ above the diagonal, so that softmax gives exact zeros there. */
    private static NDArray causalMask(NDManager manager, int length) {
        float[] mask = new float[length * length];
        for (int query = 0; query < length; query++) {
            for (int key = query + 1; key < length; key++) {
                mask[query * length + key] = Float.NEGATIVE_INFINITY;
            }
        }
        return manager.create(mask, new Shape(length, length));
    }

    @Override
    public void close() {
        manager.close();
    }
}
