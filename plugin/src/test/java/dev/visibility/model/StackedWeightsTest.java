package dev.visibility.model;

import dev.visibility.TestModels;
import dev.visibility.influence.InfluenceComputation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Llama's query, key and value projections, and its gate and up projections, are each read as one stacked matrix.
 * A checkpoint may store the parts of a stack in different dtypes; the values, and so the heatmaps, are the same.
 */
class StackedWeightsTest {
    private static final long[] IDS = {1, 17, 5, 42, 9, 3};

    @TempDir
    Path temp;

    @Test
    void partsOfAStackStoredInDifferentDtypesLoadAsTheirValues() throws Exception {
        Path fixture = TestModels.fixture("tiny-llama");
        // Every bfloat16 value is exact in float32, and the ones changed to binary16 are rounded first.
        Path mixed = CheckpointVariants.folderWithChanged(fixture, temp.resolve("mixed"), "", values -> { },
                stored -> stored.weights().name().endsWith("k_proj.weight") ? SafeTensors.DType.F32
                        : stored.weights().name().endsWith("up_proj.weight") ? SafeTensors.DType.F16
                        : stored.dtype());
        Path uniform = CheckpointVariants.folderWithChanged(mixed, temp.resolve("uniform"), "", values -> { },
                stored -> SafeTensors.DType.F32);

        assertArrayEquals(influence(uniform), influence(mixed));
    }

    private static float[] influence(Path folder) throws Exception {
        try (Transformer model = Transformer.load(folder, Residual.RAW)) {
            return InfluenceComputation.compute(model, IDS, InfluenceComputation.Progress.NONE).values();
        }
    }
}
