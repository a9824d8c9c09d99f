package dev.visibility.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * Causal self-attention in the shape that every supported family shares: one projection to queries, keys and
 * values ({@code [q | k | v]}, however the checkpoint stores them), optional RMSNorm of each query and key head,
 * optional rotary embedding, grouped-query attention ({@code kvHeads} key and value heads, each read by
 * {@code heads / kvHeads} consecutive query heads), scaled scores, optional soft-capping, a causal or sliding-window
 * mask, softmax, and the output projection.
 *
 * @param qkvWeight {@code [d, (heads + 2·kvHeads)·headDim]}, applied as {@code x·W}
 * @param qkvBias   null when the projections have none
 * @param outWeight {@code [heads·headDim, d]}
 * @param outBias   null when the output projection has none
 * @param queryNorm RMSNorm over each query head (Qwen3), or null
 * @param keyNorm   RMSNorm over each key head (Qwen3), or null
 * @param rope      rotary embedding, or null (GPT-2 embeds positions instead)
 * @param window    the number of keys a query sees, itself included; 0 for all before it
 */
public record Attention(int heads, int kvHeads, int headDim, NDArray qkvWeight, NDArray qkvBias, NDArray outWeight,
                        NDArray outBias, Norm queryNorm, Norm keyNorm, Rope rope, double scale, double softcap,
                        int window) {
    /**
     * What attention computed over a text of {@code T} tokens, kept for its backward pass.
     *
     * @param queryNormed  the query norm's statistics {@code [heads, T, headDim]}, or null
     * @param keyNormed    the key norm's statistics {@code [kvHeads, T, headDim]}, or null
     * @param query        the queries that met the keys (normed and rotated), {@code [heads, T, headDim]}
     * @param key          the keys likewise, repeated for each query head that reads them: {@code [heads, T, headDim]}
     * @param value        the values, repeated likewise: {@code [heads, T, headDim]}
     * @param probabilities {@code [heads, T, T]}, exactly 0 where the mask forbids
     * @param capSlope     the soft-cap's derivative {@code 1 - tanh²(s/c)} at every score, or null without one
     * @param output       {@code [T, d]}
     */
    public record Activations(Normed queryNormed, Normed keyNormed, NDArray query, NDArray key, NDArray value,
                              NDArray probabilities, NDArray capSlope, NDArray output) {
        NDList arrays() {
            NDList list = new NDList(query, key, value, probabilities, output);
            for (Normed normed : new Normed[] {queryNormed, keyNormed}) {
                if (normed != null) {
                    list.add(normed.normalized());
                    list.add(normed.rstd());
                }
            }
            if (capSlope != null) {
                list.add(capSlope);
            }
            return list;
        }
    }

    /** The number of query heads that read each key and value head. */
    public int group() {
        return heads / kvHeads;
    }

    /**
     * @param x    {@code [T, d]}, the block's normed input
     * @param rope the rotary table for positions {@code 0..T-1}, or null
     * @param mask {@code [T, T]}: 0 where a query may attend, -∞ elsewhere
     */
    public Activations forward(NDArray x, Rope.Table table, NDArray mask) {
        NDArray qkv = x.matMul(qkvWeight);
        if (qkvBias != null) {
            qkv = qkv.add(qkvBias);
        }
        NDList parts = qkv.split(new long[] {(long) heads * headDim, (long) (heads + kvHeads) * headDim}, 1);
        NDArray q = splitHeads(parts.get(0), heads);
        NDArray k = splitHeads(parts.get(1), kvHeads);
        NDArray v = splitHeads(parts.get(2), kvHeads);
        Normed queryNormed = null;
        Normed keyNormed = null;
        if (queryNorm != null) {
            queryNormed = queryNorm.normalize(q);
            keyNormed = keyNorm.normalize(k);
            q = queryNorm.output(queryNormed);
            k = keyNorm.output(keyNormed);
        }
        if (rope != null) {
            q = rope.apply(q, table);
            k = rope.apply(k, table);
        }
        k = repeatForQueries(k);
        v = repeatForQueries(v);
        NDArray scores = q.matMul(k.transpose(0, 2, 1)).mul(Scalars.of(x, scale));
        NDArray capSlope = null;
        if (softcap > 0) {
            NDArray capped = scores.div(Scalars.of(x, softcap)).tanh();
            capSlope = Scalars.of(x, 1).sub(capped.mul(capped));
            scores = capped.mul(Scalars.of(x, softcap));
        }
        NDArray probabilities = scores.add(mask).softmax(-1);
        NDArray y = probabilities.matMul(v).transpose(1, 0, 2).reshape(-1, (long) heads * headDim);
        NDArray output = y.matMul(outWeight);
        if (outBias != null) {
            output = output.add(outBias);
        }
        return new Activations(queryNormed, keyNormed, q, k, v, probabilities, capSlope, output);
    }

    /** {@code [T, n·headDim]} to {@code [n, T, headDim]}. */
    private NDArray splitHeads(NDArray x, int count) {
        return x.reshape(-1, count, headDim).transpose(1, 0, 2);
    }

    /** {@code [kvHeads, T, s]} to {@code [heads, T, s]}: key head {@code j} serves query heads {@code j·group …}. */
    private NDArray repeatForQueries(NDArray x) {
        return kvHeads == heads ? x : x.repeat(0, group());
    }
}
