package dev.visibility.influence;

import dev.visibility.TestModels;
import dev.visibility.model.CheckpointVariants;
import dev.visibility.model.Transformer;
import dev.visibility.model.Residual;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** No NaN, infinite or negative value of G gets past the engine. */
class NonFiniteGuardTest {
    private static final long[] IDS = TestModels.catIds();

    @Test
    void anOverflowingWeightStopsTheComputationAtTheFirstRowItReaches(@TempDir Path temp) throws Exception {
        try (Transformer model = Transformer.load(CheckpointVariants.overflowingInBlock(temp, 2), Residual.CENTERED)) {
            int[] targetsDone = {0};
            NonFiniteInfluenceException error = assertThrows(NonFiniteInfluenceException.class,
                    () -> InfluenceComputation.compute(model, IDS, (done, total) -> targetsDone[0] = done, 1));
            // h[2] and h[3] are NaN; the walk starts at the top layer, with the longest prefix.
            assertTrue(error.getMessage().startsWith("G[3,12,2,0] came out NaN in chunk 1 of " + IDS.length
                    + " (target layer 3)"), error.getMessage());
            assertEquals(IDS.length, targetsDone[0], "no chunk was finished");
        }
    }

    @ParameterizedTest
    @ValueSource(floats = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -1f})
    void aMatrixRefusesValuesThatNoGradientNormCanHave(float value) {
        float[] values = new float[2 * 3 * 2 * 3];
        values[InfluenceMatrix.index(2, 3, 1, 2, 0, 1)] = value;

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new InfluenceMatrix(2, 3, values));

        assertEquals("G[1,2,0,1] is " + value + "; every value of G must be finite and non-negative", error.getMessage());
    }
}
