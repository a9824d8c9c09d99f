package dev.visibility.influence;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.visibility.model.Attention;
import dev.visibility.model.Rope;

/**
 * The vector-Jacobian product of causal self-attention, from the gradient of its output (after the output
 * projection) to the gradient of its input (the normed residual stream). Per query head, with
 * {@code A = softmax(cap(q·kᵀ·scale) + mask)} and {@code y = A·v}: {@code dA = dy·vᵀ}, {@code dv = Aᵀ·dy},
 * {@code dS = A ⊙ (dA - rowsum(dA ⊙ A))}, through the soft-cap {@code dS ⊙ (1 - tanh²)}, then
 * {@code dq = dS·k·scale} and {@code dk = dSᵀ·q·scale}. A key or value head read by several query heads gets the
 * sum of their gradients. Then the transposed rotary, the q/k norms' products, and the projection.
 *
 * <p>Masked entries of {@code A} are exactly 0 (the causal mask and the sliding window alike), so nothing flows
 * where attention did not look. This part runs on the padded layout {@code [groups, count, heads, width, ·]},
 * since it mixes the positions of each prefix.
 */
final class AttentionBackward {
    private final NDManager manager;
    private final Attention attention;
    private final PackedPrefixes prefixes;
    private final NDArray query;
    private final NDArray key;
    private final NDArray valueTransposed;
    private final NDArray probabilities;
    private final NDArray probabilitiesTransposed;
    private final NDArray capSlope;
    private final NormBackward queryNorm;
    private final NormBackward keyNorm;
    private final Rope.Table rope;
    private final NDArray paddedFromPacked;
    private final NDArray packedFromPadded;
    private final NDArray qkvTransposed;
    private final NDArray outTransposed;

    AttentionBackward(NDManager manager, Attention attention, Attention.Activations activations,
                      PackedPrefixes prefixes) {
        this.manager = manager;
        this.attention = attention;
        this.prefixes = prefixes;
        int width = prefixes.width();
        NDIndex positions = new NDIndex(":, :{}", width);
        NDIndex square = new NDIndex(":, :{}, :{}", width, width);
        this.query = activations.query().get(manager, positions);
        this.key = activations.key().get(manager, positions);
        this.valueTransposed = activations.value().get(manager, positions).transpose(0, 2, 1);
        this.probabilities = activations.probabilities().get(manager, square);
        this.probabilitiesTransposed = probabilities.transpose(0, 2, 1);
        this.capSlope = activations.capSlope() == null ? null : activations.capSlope().get(manager, square);
        this.queryNorm = NormBackward.at(manager, attention.queryNorm(), activations.queryNormed(), positions);
        this.keyNorm = NormBackward.at(manager, attention.keyNorm(), activations.keyNormed(), positions);
        this.rope = attention.rope() == null ? null : attention.rope().table(manager, width);
        this.paddedFromPacked = manager.create(prefixes.paddedFromPacked());
        this.packedFromPadded = manager.create(prefixes.packedFromPadded());
        this.qkvTransposed = BlockBackward.transposed(attention.qkvWeight(), manager);
        this.outTransposed = BlockBackward.transposed(attention.outWeight(), manager);
    }

    /**
     * @param gradient {@code [groups, rows, d]} with respect to the attention's output
     * @return {@code [groups, rows, d]} with respect to its input
     */
    NDArray backward(NDArray gradient) {
        long groups = gradient.getShape().get(0);
        NDArray dy = padded(gradient.matMul(outTransposed), groups, attention.heads());
        NDArray dProbabilities = dy.matMul(valueTransposed);
        NDArray dValue = probabilitiesTransposed.matMul(dy);
        NDArray dScores = probabilities.mul(dProbabilities.sub(dProbabilities.mul(probabilities)
                .sum(new int[] {-1}, true)));
        if (capSlope != null) {
            dScores = dScores.mul(capSlope);
        }
        dScores = dScores.mul(attention.scale());
        NDArray dQuery = dScores.matMul(key);
        NDArray dKey = sumOverGroup(dScores.transpose(0, 1, 2, 4, 3).matMul(query));
        dValue = sumOverGroup(dValue);
        if (rope != null) {
            dQuery = attention.rope().transpose(dQuery, rope.cos(), rope.sin());
            dKey = attention.rope().transpose(dKey, rope.cos(), rope.sin());
        }
        if (queryNorm != null) {
            dQuery = queryNorm.backward(dQuery);
            dKey = keyNorm.backward(dKey);
        }
        NDArray dQkv = NDArrays.concat(new NDList(packed(dQuery), packed(dKey), packed(dValue)), -1);
        return dQkv.matMul(qkvTransposed);
    }

    /** {@code [groups, rows, heads·s]} to {@code [groups, count, heads, width, s]}, zero past each prefix. */
    private NDArray padded(NDArray x, long groups, int heads) {
        NDArray zeroRow = manager.zeros(new Shape(groups, 1, x.getShape().get(2)));
        return x.concat(zeroRow, 1).get(new NDIndex(":, {}", paddedFromPacked))
                .reshape(groups, prefixes.count(), prefixes.width(), heads, attention.headDim())
                .transpose(0, 1, 3, 2, 4);
    }

    /** {@code [groups, count, heads, width, s]} to {@code [groups, count, kvHeads, width, s]}. */
    private NDArray sumOverGroup(NDArray x) {
        if (attention.group() == 1) {
            return x;
        }
        Shape shape = x.getShape();
        return x.reshape(shape.get(0), shape.get(1), attention.kvHeads(), attention.group(), shape.get(3),
                shape.get(4)).sum(new int[] {3});
    }

    /** {@code [groups, count, n, width, s]} to the packed rows {@code [groups, rows, n·s]}. */
    private NDArray packed(NDArray x) {
        Shape shape = x.getShape();
        return x.transpose(0, 1, 3, 2, 4)
                .reshape(shape.get(0), shape.get(1) * shape.get(3), shape.get(2) * shape.get(4)).get(new NDIndex(":, {}", packedFromPadded));
    }
}
