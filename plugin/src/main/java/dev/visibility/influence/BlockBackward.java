package dev.visibility.influence;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.visibility.model.BlockActivations;
import dev.visibility.model.BlockWeights;
import dev.visibility.model.Gpt2Config;
import dev.visibility.model.LayerNormed;

/**
 * The vector-Jacobian product of one GPT-2 block, written out by hand, for many gradients at once: from the
 * gradient with respect to the block's output to the gradient with respect to its input.
 *
 * <p>Gradients have the shape {@code [groups, rows, d]}. The rows are the packed prefixes of a chunk of targets
 * ({@link PackedPrefixes}); a group is one target layer, and every group has the same prefixes. What the forward
 * pass computed is shared by all of them: it is taken once, per packed row, from the activations of the whole
 * text, which causality makes the activations of every prefix.
 *
 * <p>Every array made here is attached to the manager given to the constructor, so closing it frees them all.
 */
final class BlockBackward {
    private static final double GELU_C = Math.sqrt(2 / Math.PI);
    private static final double GELU_A = 0.044715;

    private final NDManager manager;
    private final Gpt2Config config;
    private final BlockWeights weights;
    private final PackedPrefixes prefixes;
    private final LayerNormed ln1;
    private final LayerNormed ln2;
    private final NDArray geluSlope;
    private final NDArray query;
    private final NDArray key;
    private final NDArray valueTransposed;
    private final NDArray attention;
    private final NDArray attentionTransposed;
    private final NDArray paddedFromPacked;
    private final NDArray packedFromPadded;
    private final NDArray attnWeightTransposed;
    private final NDArray attnProjWeightTransposed;
    private final NDArray fcWeightTransposed;
    private final NDArray mlpProjWeightTransposed;

    BlockBackward(NDManager manager, Gpt2Config config, BlockWeights weights, BlockActivations activations,
                  PackedPrefixes prefixes) {
        this.manager = manager;
        this.config = config;
        this.weights = weights;
        this.prefixes = prefixes;
        NDIndex rows = new NDIndex("{}", manager.create(prefixes.rowPositions()));
        this.ln1 = new LayerNormed(activations.ln1().normalized().get(manager, rows),
                activations.ln1().rstd().get(manager, rows));
        this.ln2 = new LayerNormed(activations.ln2().normalized().get(manager, rows),
                activations.ln2().rstd().get(manager, rows));
        this.geluSlope = geluNewSlope(activations.fcPreactivation().get(manager, rows));
        NDIndex positions = new NDIndex(":, :{}", prefixes.width());
        NDIndex square = new NDIndex(":, :{}, :{}", prefixes.width(), prefixes.width());
        this.query = activations.query().get(manager, positions);
        this.key = activations.key().get(manager, positions);
        this.valueTransposed = activations.value().get(manager, positions).transpose(0, 2, 1);
        this.attention = activations.attention().get(manager, square);
        this.attentionTransposed = attention.transpose(0, 2, 1);
        this.paddedFromPacked = manager.create(prefixes.paddedFromPacked());
        this.packedFromPadded = manager.create(prefixes.packedFromPadded());
        this.attnWeightTransposed = transposed(weights.attnWeight());
        this.attnProjWeightTransposed = transposed(weights.attnProjWeight());
        this.fcWeightTransposed = transposed(weights.fcWeight());
        this.mlpProjWeightTransposed = transposed(weights.mlpProjWeight());
    }

    /** A transposed view of a weight, attached here rather than to the model (see the class comment). */
    private NDArray transposed(NDArray weight) {
        NDArray transposed = weight.transpose();
        transposed.attach(manager);
        return transposed;
    }

    /**
     * The block is {@code h = x + attn(ln_1(x))}, {@code out = h + mlp(ln_2(h))}, so with {@code g} the gradient
     * of {@code out}: {@code dh = g + ln_2ᵀ(mlpᵀ(g))} and {@code dx = dh + ln_1ᵀ(attnᵀ(dh))}.
     *
     * @param gradient {@code [groups, rows, d]} with respect to the block's output
     * @return {@code [groups, rows, d]} with respect to the block's input
     */
    NDArray backward(NDArray gradient) {
        NDArray middle = gradient.add(layerNorm(mlp(gradient), ln2, weights.ln2Weight()));
        return middle.add(layerNorm(attention(middle), ln1, weights.ln1Weight()));
    }

    /** {@code mlp(a) = gelu_new(a·W_fc + b_fc)·W_proj + b_proj}, so {@code da = ((g·W_projᵀ) ⊙ gelu_new'(u))·W_fcᵀ}. */
    NDArray mlp(NDArray gradient) {
        return gradient.matMul(mlpProjWeightTransposed).mul(geluSlope).matMul(fcWeightTransposed);
    }

    /**
     * LayerNorm's {@code y = γ ⊙ n + β} with {@code n = (x - mean)·rstd} gives, row by row and with
     * {@code g' = g ⊙ γ}: {@code dx = rstd·(g' - mean(g') - n·mean(g' ⊙ n))}.
     */
    static NDArray layerNorm(NDArray gradient, LayerNormed ln, NDArray gain) {
        NDArray scaled = gradient.mul(gain);
        NDArray normalized = ln.normalized();
        NDArray projection = scaled.mul(normalized).mean(new int[] {-1}, true);
        return scaled.sub(scaled.mean(new int[] {-1}, true)).sub(projection.mul(normalized)).mul(ln.rstd());
    }

    /**
     * The derivative of {@code gelu_new(u) = ½·u·(1 + t)}, {@code t = tanh(c·(u + a·u³))}:
     * {@code ½·(1 + t) + ½·u·(1 - t²)·c·(1 + 3a·u²)}.
     */
    static NDArray geluNewSlope(NDArray u) {
        NDArray square = u.mul(u);
        NDArray t = square.mul(GELU_C * GELU_A).add(GELU_C).mul(u).tanh();
        NDArray innerSlope = square.mul(3 * GELU_C * GELU_A).add(GELU_C);
        return t.add(1).add(u.mul(t.mul(t).neg().add(1)).mul(innerSlope)).mul(0.5);
    }

    /**
     * Causal self-attention, from the gradient of its output (after {@code c_proj}) to the gradient of its input
     * (after {@code ln_1}'s gain and bias). Per head, with {@code A = softmax(q·kᵀ/√s + mask)} and
     * {@code y = A·v}: {@code dA = dy·vᵀ}, {@code dv = Aᵀ·dy}, {@code dS = A ⊙ (dA - rowsum(dA ⊙ A))},
     * {@code dq = dS·k/√s}, {@code dk = dSᵀ·q/√s}. Masked entries of {@code A} are exactly 0, so nothing flows to
     * later positions. This part runs on the padded layout, since it mixes the positions of each prefix.
     */
    NDArray attention(NDArray gradient) {
        long groups = gradient.getShape().get(0);
        int count = prefixes.count();
        int width = prefixes.width();
        int heads = config.nHead();
        int headSize = config.headSize();
        NDArray dy = gradient.matMul(attnProjWeightTransposed);
        NDArray zeroRow = manager.zeros(new Shape(groups, 1, config.nEmbd()));
        NDArray padded = dy.concat(zeroRow, 1).get(new NDIndex(":, {}", paddedFromPacked))
                .reshape(groups, count, width, heads, headSize).transpose(0, 1, 3, 2, 4);
        NDArray dAttention = padded.matMul(valueTransposed);
        NDArray dValue = attentionTransposed.matMul(padded);
        NDArray dScores = attention.mul(dAttention.sub(dAttention.mul(attention).sum(new int[] {-1}, true)))
                .div(Math.sqrt(headSize));
        NDArray dQuery = dScores.matMul(key);
        NDArray dKey = dScores.transpose(0, 1, 2, 4, 3).matMul(query);
        NDArray dQkv = NDArrays.concat(new NDList(mergeHeads(dQuery), mergeHeads(dKey), mergeHeads(dValue)), -1)
                .get(new NDIndex(":, {}", packedFromPadded));
        return dQkv.matMul(attnWeightTransposed);
    }

    /** {@code [groups, count, heads, width, s]} to {@code [groups, count·width, d]}. */
    private NDArray mergeHeads(NDArray x) {
        Shape shape = x.getShape();
        return x.transpose(0, 1, 3, 2, 4).reshape(shape.get(0), shape.get(1) * shape.get(3), config.nEmbd());
    }
}
