package dev.visibility.influence;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.visibility.ReferenceG;
import dev.visibility.TestModels;
import dev.visibility.model.Block;
import dev.visibility.model.Residual;
import dev.visibility.model.Rope;
import dev.visibility.model.Transformer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The hand-written backward pass against DJL's autograd, for every family and both residual conventions where
 * both are defined: every row of {@code G} of a text, one target at a time, with zero "probes" added to the
 * residual stream to read the gradient at each level.
 */
class AutogradOracleTest {
    /** Longer than Gemma's fixture window (8), short enough for one autograd pass per target state. */
    private static final int POSITIONS = 10;

    @ParameterizedTest
    @CsvSource({"tiny-gpt2, centered", "tiny-gpt2, raw", "tiny-pythia, centered", "tiny-pythia, raw",
            "tiny-llama, raw", "tiny-qwen2, raw", "tiny-qwen3, raw", "tiny-gemma2, raw"})
    void everyRowOfGMatchesAutograd(String fixture, String convention) throws Exception {
        Residual residual = Residual.parse(convention);
        long[] ids = Arrays.copyOf(fixture.equals("tiny-gpt2") ? TestModels.catIds()
                : TestModels.longs(TestModels.expected(fixture).getAsJsonObject("t30-raw").getAsJsonArray("ids")),
                POSITIONS);
        try (Transformer model = Transformer.load(TestModels.fixture(fixture), residual);
             NDManager manager = NDManager.newBaseManager()) {
            int layers = model.config().layers();
            double[] expected = new double[layers * POSITIONS * layers * POSITIONS];
            NDArray h0 = model.forward(manager, ids).get(0).output();
            for (int targetLayer = 1; targetLayer < layers; targetLayer++) {
                for (int targetPosition = 0; targetPosition < POSITIONS; targetPosition++) {
                    float[][] rows = autogradRows(model, manager, h0, targetLayer, targetPosition);
                    for (int layer = 0; layer < targetLayer; layer++) {
                        for (int position = 0; position <= targetPosition; position++) {
                            expected[InfluenceMatrix.index(layers, POSITIONS, targetLayer, targetPosition, layer,
                                    position)] = rows[layer][position];
                        }
                    }
                }
            }

            float[] actual = InfluenceComputation.compute(model, ids, InfluenceComputation.Progress.NONE).values();

            ReferenceG.assertMatches(fixture + " " + residual + " G", expected, actual);
        }
    }

    /** {@code Σ_d |∂ s(h[L,P]) / ∂ h[l,p,d]|} for every {@code l < L} and {@code p}, by autograd. */
    private static float[][] autogradRows(Transformer model, NDManager parent, NDArray h0, int targetLayer,
                                          int targetPosition) {
        try (NDManager manager = parent.newSubManager();
             GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            int length = targetPosition + 1;
            Rope.Table table = model.config().rope() == null ? null : model.config().rope().table(manager, length);
            List<NDArray> probes = new ArrayList<>();
            NDArray h = h0.get(manager, new NDIndex("0:{}", length));
            for (int layer = 0; layer < targetLayer; layer++) {
                NDArray probe = manager.zeros(new Shape(length, model.config().hiddenSize()));
                probe.setRequiresGradient(true);
                probes.add(probe);
                Block block = model.block(layer + 1);
                NDArray mask = manager.create(Transformer.mask(length, block.attention().window()),
                        new Shape(length, length));
                h = block.forward(h.add(probe), table, mask).output();
            }
            NDArray state = h.get(targetPosition);
            collector.backward(state.abs().sum().div(state.norm()));
            float[][] rows = new float[targetLayer][];
            for (int layer = 0; layer < targetLayer; layer++) {
                rows[layer] = probes.get(layer).getGradient().abs().sum(new int[] {1}).toFloatArray();
            }
            return rows;
        }
    }
}
