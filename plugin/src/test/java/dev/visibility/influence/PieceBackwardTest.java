package dev.visibility.influence;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.visibility.TestModels;
import dev.visibility.model.Activation;
import dev.visibility.model.Block;
import dev.visibility.model.ModelConfig;
import dev.visibility.model.Norm;
import dev.visibility.model.Residual;
import dev.visibility.model.Rope;
import dev.visibility.model.Transformer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each hand-written vector-Jacobian product against DJL's autograd of the forward pass, on random inputs through
 * the real weights of every family's fixture: the norms (LayerNorm, RMSNorm, Gemma's), the activations, rotary
 * (whole and partial), attention (grouped and multi-query, soft-capped, through a sliding window, with q/k norms)
 * and a whole block, for one position, several positions, and a ragged batch of prefixes in several groups.
 */
class PieceBackwardTest {
    /** Longer than Gemma's fixture window (8), so that the window cuts some of the keys. */
    private static final int POSITIONS = 11;

    private NDManager manager;

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
    @EnumSource(Activation.class)
    void activation(Activation activation) {
        NDArray u = manager.randomNormal(new Shape(3, 50)).mul(3);
        NDArray upstream = manager.randomNormal(u.getShape());

        assertClose(autogradOf(u, upstream, activation::apply), upstream.mul(ActivationSlope.of(activation, u)));
    }

    /** Each family's first block, piece by piece: its norms, attention and MLP, at one position and at several. */
    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2", "tiny-pythia", "tiny-llama", "tiny-qwen2", "tiny-qwen3", "tiny-gemma2"})
    void everyPieceOfABlock(String fixture) throws Exception {
        try (Transformer model = Transformer.load(TestModels.fixture(fixture), defaultResidual(fixture))) {
            Block block = model.block(0);
            for (int positions : new int[] {1, POSITIONS}) {
                int d = model.config().hiddenSize();
                NDArray x = manager.randomNormal(new Shape(positions, d));
                Rope.Table table = table(model, positions);
                NDArray mask = mask(block, positions);
                Block.Activations activations = block.forward(x, table, mask);
                PackedPrefixes whole = new PackedPrefixes(new int[] {positions - 1});
                NDArray upstream = manager.randomNormal(new Shape(1, positions, d));

                for (Norm norm : new Norm[] {block.attentionNorm(), block.attentionOutNorm(), block.mlpNorm()}) {
                    if (norm != null) {
                        NDArray actual = new NormBackward(norm, norm.normalize(x)).backward(upstream.get(0));
                        assertClose(autogradOf(x, upstream.get(0), norm::apply), actual);
                    }
                }
                NDArray normed = block.attentionNorm().apply(x);
                NDArray attention = new AttentionBackward(manager, block.attention(), activations.attention(), whole)
                        .backward(upstream);
                assertClose(autogradOf(normed, upstream.get(0),
                        input -> block.attention().forward(input, table, mask).output()), attention.get(0));
                NDArray mlp = new MlpBackward(block.mlp(), block.mlp().forward(normed).preactivation())
                        .backward(upstream.get(0));
                assertClose(autogradOf(normed, upstream.get(0), input -> block.mlp().forward(input).output()), mlp);
            }
        }
    }

    /** The whole block, for a ragged batch of prefixes (one of a single position) in two groups. */
    @ParameterizedTest
    @ValueSource(strings = {"tiny-gpt2", "tiny-pythia", "tiny-llama", "tiny-qwen2", "tiny-qwen3", "tiny-gemma2"})
    void blockOnRaggedPrefixesAndSeveralGroups(String fixture) throws Exception {
        try (Transformer model = Transformer.load(TestModels.fixture(fixture), defaultResidual(fixture))) {
            Block block = model.block(0);
            int d = model.config().hiddenSize();
            NDArray x = manager.randomNormal(new Shape(POSITIONS, d));
            Block.Activations activations = block.forward(x, table(model, POSITIONS), mask(block, POSITIONS));
            PackedPrefixes prefixes = new PackedPrefixes(new int[] {POSITIONS - 1, 0, 3});
            NDArray upstream = manager.randomNormal(new Shape(2, prefixes.rows(), d));

            NDArray actual = new BlockBackward(manager, block, activations, prefixes).backward(upstream);

            assertEquals(new Shape(2, prefixes.rows(), d), actual.getShape());
            for (int group = 0; group < 2; group++) {
                for (int b = 0; b < prefixes.count(); b++) {
                    int length = prefixes.position(b) + 1;
                    NDIndex rows = new NDIndex("{}, {}:{}", group, prefixes.start(b), prefixes.start(b) + length);
                    // By causality, the prefix's own forward pass is the text's, cut short.
                    NDArray prefix = x.get(new NDIndex("0:{}", length));
                    Rope.Table table = table(model, length);
                    NDArray mask = mask(block, length);
                    NDArray expected = autogradOf(prefix, upstream.get(rows),
                            input -> block.forward(input, table, mask).output());
                    assertClose(expected, actual.get(rows));
                }
            }
        }
    }

    /** The convention each fixture is checked in: centred where it is defined, as a block defaults to. */
    private static Residual defaultResidual(String fixture) throws Exception {
        return ModelConfig.read(TestModels.fixture(fixture).resolve("config.json"))
                .defaultResidual();
    }

    private Rope.Table table(Transformer model, int length) {
        return model.config().rope() == null ? null : model.config().rope().table(manager, length);
    }

    private NDArray mask(Block block, int length) {
        return manager.create(Transformer.mask(length, block.attention().window()), new Shape(length, length));
    }

    /** The gradient of {@code Σ f(x) ⊙ upstream} with respect to {@code x}, by DJL's autograd. */
    static NDArray autogradOf(NDArray x, NDArray upstream, UnaryOperator<NDArray> f) {
        NDArray input = x.duplicate();
        input.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(f.apply(input).mul(upstream).sum());
        }
        return input.getGradient().duplicate();
    }

    static void assertClose(NDArray expected, NDArray actual) {
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
