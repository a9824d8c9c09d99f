package dev.visibility.model;

import dev.visibility.TestModels;
import dev.visibility.influence.InfluenceComputation;
import dev.visibility.influence.NonFiniteInfluenceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The checkpoint layouts that must load to the same model: prefixed names, extra buffers, F16 and BF16. */
class Gpt2LoadingTest {
    private static final long[] IDS = TestModels.catIds();

    @TempDir
    Path temp;

    @Test
    void prefixedNamesAndExtraBuffersGiveTheSameNumbers() throws Exception {
        List<SafeTensorsWriter.Tensor> tensors = new ArrayList<>();
        for (CheckpointVariants.Weights weights : CheckpointVariants.tinyWeights()) {
            tensors.add(new SafeTensorsWriter.Tensor("transformer." + weights.name(), SafeTensors.DType.F32,
                    weights.shape(), index -> weights.values()[(int) index]));
        }
        // What GPT2LMHeadModel checkpoints carry besides the weights we use.
        for (int layer = 0; layer < 4; layer++) {
            tensors.add(new SafeTensorsWriter.Tensor("transformer.h." + layer + ".attn.bias", SafeTensors.DType.F32,
                    new long[] {1, 1, 64, 64}, index -> 1));
            tensors.add(new SafeTensorsWriter.Tensor("transformer.h." + layer + ".attn.masked_bias",
                    SafeTensors.DType.F32, new long[] {}, index -> -1e4f));
        }
        tensors.add(new SafeTensorsWriter.Tensor("lm_head.weight", SafeTensors.DType.F32, new long[] {317, 64}, index -> 0));

        Path variant = CheckpointVariants.folderWith(temp.resolve("prefixed"), tensors);
        assertArrayEquals(influence(TestModels.tinyGpt2()), influence(variant));
    }

    @Test
    void float16WeightsLoadAsTheirFloat32Values() throws Exception {
        assertHalfPrecisionLoads(SafeTensors.DType.F16, value -> HalfFloatValues.fromHalf(HalfFloats.toHalf(value)));
    }

    @Test
    void bfloat16WeightsLoadAsTheirFloat32Values() throws Exception {
        assertHalfPrecisionLoads(SafeTensors.DType.BF16, value -> HalfFloatValues.fromBfloat16(HalfFloats.toBfloat16(value)));
    }

    /**
     * A checkpoint in {@code dtype} must compute exactly what a float32 checkpoint of the same, already rounded,
     * values computes.
     */
    private void assertHalfPrecisionLoads(SafeTensors.DType dtype, Function<Float, Float> rounding) throws Exception {
        List<SafeTensorsWriter.Tensor> half = new ArrayList<>();
        List<SafeTensorsWriter.Tensor> rounded = new ArrayList<>();
        for (CheckpointVariants.Weights weights : CheckpointVariants.tinyWeights()) {
            half.add(weights.as(dtype));
            rounded.add(new SafeTensorsWriter.Tensor(weights.name(), SafeTensors.DType.F32, weights.shape(),
                    index -> rounding.apply(weights.values()[(int) index])));
        }
        float[] fromHalf = influence(CheckpointVariants.folderWith(temp.resolve("half"), half));
        float[] fromRounded = influence(CheckpointVariants.folderWith(temp.resolve("rounded"), rounded));
        assertArrayEquals(fromRounded, fromHalf);
        // The rounding must have changed something, or this test would not tell the dtypes apart.
        assertFalse(java.util.Arrays.equals(influence(TestModels.tinyGpt2()), fromHalf));
    }

    @Test
    void rawResidualDiffersFromCentered() throws Exception {
        assertNotEquals(java.util.Arrays.toString(influence(TestModels.tinyGpt2())),
                java.util.Arrays.toString(influence(TestModels.tinyGpt2(), Residual.RAW)));
    }

    @Test
    void configIsReadFromConfigJson() throws Exception {
        try (Transformer model = Transformer.load(TestModels.tinyGpt2(), Residual.CENTERED)) {
            ModelConfig config = model.config();
            assertEquals(List.of(4, 4, 64, 317, 64, 316), List.of(config.layers(), config.heads(),
                    config.hiddenSize(), config.vocabSize(), config.maxPositions(), config.bosTokenId()));
            assertEquals(1e-5, config.normEpsilon());
            assertEquals(Residual.CENTERED, config.defaultResidual());
        }
    }

    private static float[] influence(Path folder) throws ModelLoadException, NonFiniteInfluenceException {
        return influence(folder, Residual.CENTERED);
    }

    private static float[] influence(Path folder, Residual residual)
            throws ModelLoadException, NonFiniteInfluenceException {
        try (Transformer model = Transformer.load(folder, residual)) {
            return InfluenceComputation.compute(model, IDS, InfluenceComputation.Progress.NONE).values();
        }
    }
}
