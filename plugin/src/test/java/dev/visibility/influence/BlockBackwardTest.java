package dev.visibility.influence;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.GradientCollector;
import dev.visibility.TestModels;
import dev.visibility.model.BlockActivations;
import dev.visibility.model.BlockWeights;
import dev.visibility.model.Gpt2;
import dev.visibility.model.Gpt2Config;
import dev.visibility.model.LayerNormed;
import dev.visibility.model.Residual;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each hand-written vector-Jacobian product against DJL's autograd, on random inputs through the tiny GPT-2's
 * real weights: LayerNorm, gelu_new, attention and a whole block, for one position, several positions, a ragged
 * batch of prefixes and several groups.
 */
class BlockBackwardTest {
    private static Gpt2 model;
    private static Gpt2Config config;
    private static BlockWeights weights;
    private NDManager manager;

    @BeforeAll
    static void load() throws Exception {
        model = Gpt2.load(TestModels.tinyGpt2(), Residual.CENTERED);
        config = model.config();
        weights = model.weights(2);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @BeforeEach
    void newManager() {
        manager = NDManager.newBaseManager();
        manager.getEngine().setRandomSeed(7);
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5})
    void layerNorm(int rows) {
        NDArray x = manager.randomNormal(new Shape(rows, config.nEmbd()));
        NDArray upstream = manager.randomNormal(x.getShape());
        NDArray expected = autogradOf(x, upstream, input -> LayerNorm.layerNorm(input, new Shape(config.nEmbd()),
                weights.ln1Weight(), weights.ln1Bias(), (float) config.layerNormEpsilon()).singletonOrThrow());

        NDArray centered = x.sub(x.mean(new int[] {-1}, true));
        NDArray rstd = centered.mul(centered).mean(new int[] {-1}, true).add(config.layerNormEpsilon()).sqrt()
                .pow(-1);
        NDArray actual = BlockBackward.layerNorm(upstream, new LayerNormed(centered.mul(rstd), rstd),
                weights.ln1Weight());

        assertClose(expected, actual);
    }

    @Test
    void geluNew() {
        NDArray u = manager.randomNormal(new Shape(3, 4 * config.nEmbd())).mul(3);
        NDArray upstream = manager.randomNormal(u.getShape());
        double c = Math.sqrt(2 / Math.PI);
        NDArray expected = autogradOf(u, upstream, x -> x.mul(constant(0.5)).mul(
                x.mul(x).mul(x).mul(constant(0.044715)).add(x).mul(constant(c)).tanh().add(constant(1))));

        assertClose(expected, upstream.mul(BlockBackward.geluNewSlope(u)));
    }

    /** Attention alone: the gradient with respect to its input, ln_1's output, for every prefix of the text. */
    @ParameterizedTest
    @ValueSource(ints = {1, 6})
    void attention(int positions) {
        NDArray x = manager.randomNormal(new Shape(positions, config.nEmbd()));
        BlockActivations activations = model.block(weights, x, causalMask(positions));
        NDArray lnOutput = activations.ln1().normalized().mul(weights.ln1Weight()).add(weights.ln1Bias());
        PackedPrefixes prefixes = new PackedPrefixes(new int[] {positions - 1});
        NDArray upstream = manager.randomNormal(new Shape(1, positions, config.nEmbd()));

        NDArray expected = autogradOf(lnOutput, upstream.get(0), this::attentionOracle);
        NDArray actual = new BlockBackward(manager, config, weights, activations, prefixes).attention(upstream);

        assertClose(expected, actual.get(0));
    }

    /** The whole block, for a ragged batch of prefixes (one of a single position) in two groups. */
    @Test
    void blockOnRaggedPrefixesAndSeveralGroups() {
        int positions = 7;
        NDArray x = manager.randomNormal(new Shape(positions, config.nEmbd()));
        BlockActivations activations = model.block(weights, x, causalMask(positions));
        PackedPrefixes prefixes = new PackedPrefixes(new int[] {6, 0, 3});
        NDArray upstream = manager.randomNormal(new Shape(2, prefixes.rows(), config.nEmbd()));

        NDArray actual = new BlockBackward(manager, config, weights, activations, prefixes).backward(upstream);

        assertEquals(new Shape(2, prefixes.rows(), config.nEmbd()), actual.getShape());
        for (int group = 0; group < 2; group++) {
            for (int b = 0; b < prefixes.count(); b++) {
                int length = prefixes.position(b) + 1;
                NDIndex rows = new NDIndex("{}, {}:{}", group, prefixes.start(b), prefixes.start(b) + length);
                // By causality, the prefix's own forward pass is the text's, cut short.
                NDArray prefix = x.get(new NDIndex("0:{}", length));
                NDArray expected = autogradOf(prefix, upstream.get(rows),
                        input -> model.block(weights, input, causalMask(length)).output());
                assertClose(expected, actual.get(rows));
            }
        }
    }

    /** Causal self-attention as the paper writes it, from its input to the output of c_proj. */
    private NDArray attentionOracle(NDArray a) {
        int heads = config.nHead();
        int size = config.headSize();
        NDList qkv = a.matMul(weights.attnWeight()).add(weights.attnBias()).split(3, 1);
        NDArray[] split = new NDArray[3];
        for (int i = 0; i < 3; i++) {
            split[i] = qkv.get(i).reshape(-1, heads, size).transpose(1, 0, 2);
        }
        long length = a.getShape().get(0);
        NDArray scores = split[0].matMul(split[1].transpose(0, 2, 1)).div(constant(Math.sqrt(size)))
                .add(causalMask((int) length));
        NDArray y = scores.softmax(-1).matMul(split[2]).transpose(1, 0, 2).reshape(length, config.nEmbd());
        return y.matMul(weights.attnProjWeight()).add(weights.attnProjBias());
    }

    /**
     * A scalar in PyTorch's memory. Autograd keeps the constants of a product for the backward pass, and DJL's
     * {@code mul(Number)} would hand it one over a Java buffer that is freed once the operation returns.
     */
    private NDArray constant(double value) {
        return manager.full(new Shape(), (float) value);
    }

    /** The gradient of {@code Σ f(x) ⊙ upstream} with respect to {@code x}, by DJL's autograd. */
    private NDArray autogradOf(NDArray x, NDArray upstream, UnaryOperator<NDArray> f) {
        NDArray input = x.duplicate();
        input.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(f.apply(input).mul(upstream).sum());
        }
        return input.getGradient().duplicate();
    }

    private NDArray causalMask(int length) {
        return causalMask(manager, length);
    }

    /** {@code [T, T]}: 0 where a position may attend, -∞ above the diagonal. */
    static NDArray causalMask(NDManager manager, int length) {
        float[] mask = new float[length * length];
        for (int query = 0; query < length; query++) {
            for (int key = query + 1; key < length; key++) {
                mask[query * length + key] = Float.NEGATIVE_INFINITY;
            }
        }
        return manager.create(mask, new Shape(length, length));
    }

    private static void assertClose(NDArray expected, NDArray actual) {
        assertEquals(expected.getShape(), actual.getShape());
        float[] want = expected.toFloatArray();
        float[] got = actual.toFloatArray();
        double largest = 0;
        for (float value : want) {
            largest = Math.max(largest, Math.abs(value));
        }
        assertTrue(largest > 0, "the expected gradient is all zero");
        for (int i = 0; i < want.length; i++) {
            assertTrue(Math.abs(got[i] - want[i]) <= 1e-5 * largest,
                    "element " + i + ": " + got[i] + " where autograd gives " + want[i] + " (largest " + largest + ")");
        }
    }
}
