package dev.visibility.influence;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.visibility.ReferenceG;
import dev.visibility.TestModels;
import dev.visibility.model.Gpt2;
import dev.visibility.model.Residual;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

/**
 * The hand-written backward pass against DJL's autograd, for both residual conventions (the float64 reference
 * covers only the centred one): every row of {@code G} of a text through the tiny GPT-2, one target at a time,
 * with zero "probes" added to the residual stream to read the gradient at each level.
 */
class AutogradOracleTest {
    private static final long[] IDS = TestModels.catIds();

    @ParameterizedTest
    @EnumSource(Residual.class)
    void everyRowOfGMatchesAutograd(Residual residual) throws Exception {
        try (Gpt2 model = Gpt2.load(TestModels.tinyGpt2(), residual);
             NDManager manager = NDManager.newBaseManager()) {
            int layers = model.config().nLayer();
            int positions = IDS.length;
            double[] expected = new double[layers * positions * layers * positions];
            NDArray h0 = model.forward(manager, IDS).get(0).output();
            for (int targetLayer = 1; targetLayer < layers; targetLayer++) {
                for (int targetPosition = 0; targetPosition < positions; targetPosition++) {
                    float[][] rows = autogradRows(model, manager, h0, targetLayer, targetPosition);
                    for (int layer = 0; layer < targetLayer; layer++) {
                        for (int position = 0; position <= targetPosition; position++) {
                            expected[InfluenceMatrix.index(layers, positions, targetLayer, targetPosition, layer,
                                    position)] = rows[layer][position];
                        }
                    }
                }
            }

            float[] actual = InfluenceComputation.compute(model, IDS, InfluenceComputation.Progress.NONE).values();

            ReferenceG.assertMatches(residual + " G", expected, actual);
        }
    }

    /** {@code Σ_d |∂ s(h[L,P]) / ∂ h[l,p,d]|} for every {@code l < L} and {@code p}, by autograd. */
    private static float[][] autogradRows(Gpt2 model, NDManager parent, NDArray h0, int targetLayer,
                                          int targetPosition) {
        try (NDManager manager = parent.newSubManager();
             GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            int length = targetPosition + 1;
            NDArray mask = BlockBackwardTest.causalMask(manager, length);
            List<NDArray> probes = new ArrayList<>();
            NDArray h = h0.get(manager, new NDIndex("0:{}", length));
            for (int layer = 0; layer < targetLayer; layer++) {
                NDArray probe = manager.zeros(new Shape(length, model.config().nEmbd()));
                probe.setRequiresGradient(true);
                probes.add(probe);
                h = model.block(model.weights(layer + 1), h.add(probe), mask).output();
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
