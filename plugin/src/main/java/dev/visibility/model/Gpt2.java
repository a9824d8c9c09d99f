package dev.visibility.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * GPT-2 on DJL NDArrays, up to the residual stream: embeddings, then {@code n_layer} pre-LayerNorm blocks of
 * causal self-attention and an MLP. The final LayerNorm and the unembedding are never needed, so they are not
 * loaded. The forward pass keeps what each block computed ({@link BlockActivations}), so that a backward pass
 * can reuse it.
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

    /** The weights of block {@code layer}. */
    public BlockWeights weights(int layer) {
        return blocks.get(layer);
    }

    /**
     * Runs GPT-2 once over the text {@code ids}: the token and position embeddings, then every block.
     *
     * @param manager owns every array of the pass; DJL attaches each result to the manager of its first operand,
     *                so the pass starts from embeddings taken into it, and everything else follows
     * @return what each block computed, in order; the output of block {@code l} is the hidden state {@code h[l]}
     */
    public List<BlockActivations> forward(NDManager manager, long[] ids) {
        int length = ids.length;
        NDArray x = wte.get(manager, new NDIndex("{}", manager.create(ids)))
                .add(wpe.get(manager, new NDIndex("{}", manager.arange(0L, (long) length))));
        NDArray mask = manager.create(causalMask(length), new Shape(length, length));
        List<BlockActivations> activations = new ArrayList<>();
        for (BlockWeights weights : blocks) {
            // A block makes many temporaries (raw and masked attention scores, GELU's terms) that nothing keeps:
            // they live in a scratch manager, freed after the block, and only the activations move to manager.
            try (NDManager scratch = manager.newSubManager()) {
                x.tempAttach(scratch);
                BlockActivations block = keep(block(weights, x, mask), manager);
                activations.add(block);
                x = block.output();
            }
        }
        return activations;
    }

    private static BlockActivations keep(BlockActivations block, NDManager manager) {
        for (NDArray array : List.of(block.ln1().normalized(), block.ln1().rstd(), block.query(), block.key(),
                block.value(), block.attention(), block.ln2().normalized(), block.ln2().rstd(),
                block.fcPreactivation(), block.output())) {
            array.attach(manager);
        }
        return block;
    }

    /**
     * One pre-LayerNorm block over the rows {@code x} ({@code [T, d]}): {@code x + attention(ln_1(x))}, then
     * {@code + mlp(ln_2(·))}.
     *
     * @param mask {@code [T, T]}: 0 where a position may attend, -∞ above the diagonal
     */
    public BlockActivations block(BlockWeights w, NDArray x, NDArray mask) {
        LayerNormed ln1 = layerNorm(x);
        Attention attention = attention(w, affine(ln1, w.ln1Weight(), w.ln1Bias()), mask);
        NDArray h = x.add(attention.output());
        LayerNormed ln2 = layerNorm(h);
        NDArray fc = affine(ln2, w.ln2Weight(), w.ln2Bias()).matMul(w.fcWeight()).add(w.fcBias());
        NDArray output = h.add(geluNew(fc).matMul(w.mlpProjWeight()).add(w.mlpProjBias()));
        return new BlockActivations(ln1, attention.query(), attention.key(), attention.value(),
                attention.probabilities(), ln2, fc, output);
    }

    /** What causal self-attention computed: per head {@code [heads, T, ·]}, and its output {@code [T, d]}. */
    private record Attention(NDArray query, NDArray key, NDArray value, NDArray probabilities, NDArray output) {
    }

    private Attention attention(BlockWeights w, NDArray x, NDArray mask) {
        NDList qkv = x.matMul(w.attnWeight()).add(w.attnBias()).split(3, 1);
        NDArray q = splitHeads(qkv.get(0));
        NDArray k = splitHeads(qkv.get(1));
        NDArray v = splitHeads(qkv.get(2));
        NDArray scores = q.matMul(k.transpose(0, 2, 1)).div(scalar(x, Math.sqrt(config.headSize()))).add(mask);
        NDArray probabilities = scores.softmax(-1);
        NDArray y = probabilities.matMul(v).transpose(1, 0, 2).reshape(-1, config.nEmbd());
        return new Attention(q, k, v, probabilities, y.matMul(w.attnProjWeight()).add(w.attnProjBias()));
    }

    /** {@code [T, d]} to {@code [heads, T, d/heads]}. */
    private NDArray splitHeads(NDArray x) {
        return x.reshape(-1, config.nHead(), config.headSize()).transpose(1, 0, 2);
    }

    /** GPT-2's tanh approximation of GELU ({@code gelu_new}): 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
    private static NDArray geluNew(NDArray x) {
        // x·(c + c·0.044715·x²) is the same polynomial as c·(x + 0.044715·x³) in fewer, cheaper kernels than pow.
        double c = Math.sqrt(2 / Math.PI);
        NDArray inner = x.mul(x).mul(scalar(x, c * 0.044715)).add(scalar(x, c)).mul(x);
        return x.mul(inner.tanh().add(scalar(x, 1)).mul(scalar(x, 0.5)));
    }

    /**
     * LayerNorm before its gain and bias, over the last axis, keeping what its derivative needs. (DJL's fused
     * layerNorm does not return its statistics.)
     */
    private LayerNormed layerNorm(NDArray x) {
        NDArray centered = x.sub(x.mean(new int[] {-1}, true));
        NDArray variance = centered.mul(centered).mean(new int[] {-1}, true);
        NDArray rstd = scalar(x, 1).div(variance.add(scalar(x, config.layerNormEpsilon())).sqrt());
        return new LayerNormed(centered.mul(rstd), rstd);
    }

    private static NDArray affine(LayerNormed x, NDArray weight, NDArray bias) {
        return x.normalized().mul(weight).add(bias);
    }

    /**
     * A float32 scalar in memory that PyTorch owns, attached to the manager of {@code like}.
     *
     * <p>Never use DJL's {@code mul(Number)}, {@code div(Number)} and the like on arrays that autograd may
     * record (the tests differentiate this class with DJL's autograd). They wrap the number in a tensor over a
     * Java direct buffer and close that tensor as soon as the operation returns, which drops the last Java
     * reference to the buffer. Autograd, however, keeps the tensor for the backward pass (the gradient of
     * {@code x·c} is {@code c}), so once the garbage collector frees the buffer, the backward pass multiplies by
     * whatever the freed memory then holds. That made {@code G} NaN or wrong on 12-layer models, depending on
     * when the collector ran. {@code full} allocates in PyTorch, which frees the memory only when autograd is
     * done with it.
     */
    private static NDArray scalar(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value);
    }

    /** {@code [T, T]}: 0 where a position may attend, -∞ above the diagonal, so that softmax gives exact zeros. */
    private static float[] causalMask(int length) {
        float[] mask = new float[length * length];
        for (int query = 0; query < length; query++) {
            Arrays.fill(mask, query * length + query + 1, (query + 1) * length, Float.NEGATIVE_INFINITY);
        }
        return mask;
    }

    @Override
    public void close() {
        manager.close();
    }
}
