package dev.visibility;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The comparison every parity test applies to a computed {@code G} and an independent float64 reference: the
 * same cells, exact zeros outside the causal cone, and every other cell within 1e-4 of the largest value.
 */
public final class ReferenceG {
    /** The acceptance bound of the fixtures, relative to the largest reference value. */
    private static final double TOLERANCE = 1e-4;

    private ReferenceG() {
    }

    /** A 4-D JSON array {@code [L][P][l][p]}, flattened in row-major order. */
    public static double[] flatten(JsonArray array) {
        List<JsonElement> cells = cells(array);
        double[] values = new double[cells.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = cells.get(i).getAsDouble();
        }
        return values;
    }

    /** The same as float32 values, each parsed exactly as the float it was written from. */
    public static float[] flattenFloats(JsonArray array) {
        List<JsonElement> cells = cells(array);
        float[] values = new float[cells.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = cells.get(i).getAsFloat();
        }
        return values;
    }

    private static List<JsonElement> cells(JsonArray array) {
        List<JsonElement> cells = new ArrayList<>();
        for (JsonElement element : array) {
            if (element.isJsonArray()) {
                cells.addAll(cells(element.getAsJsonArray()));
            } else {
                cells.add(element);
            }
        }
        return cells;
    }

    /** One cell {@code [L][P][l][p]} of a matrix laid out like {@code G}. */
    @FunctionalInterface
    public interface Cell {
        double value(int targetLayer, int targetPosition, int layer, int position);
    }

    /**
     * {@code cell} at every {@code [L][P][l][p]} with {@code layers} layers and {@code positions} positions,
     * flattened in row-major order as {@code G} is: a view of a whole {@code G}, or the block of its first positions
     * in both position axes. The order is the loops' own, not {@code InfluenceMatrix.index}, so that the result is
     * an independent check of the layout.
     */
    public static double[] tabulate(int layers, int positions, Cell cell) {
        double[] values = new double[layers * positions * layers * positions];
        int i = 0;
        for (int targetLayer = 0; targetLayer < layers; targetLayer++) {
            for (int targetPosition = 0; targetPosition < positions; targetPosition++) {
                for (int layer = 0; layer < layers; layer++) {
                    for (int position = 0; position < positions; position++) {
                        values[i++] = cell.value(targetLayer, targetPosition, layer, position);
                    }
                }
            }
        }
        return values;
    }

    /** {@code values} as floats: exact for values that were floats, as those of an {@code InfluenceMatrix} are. */
    public static float[] toFloats(double[] values) {
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
        }
        return floats;
    }

    /** Asserts that {@code actual} matches the reference {@code expected} cell by cell. */
    public static void assertMatches(String what, double[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + ": number of cells");
        double largest = 0;
        for (double value : expected) {
            largest = Math.max(largest, Math.abs(value));
        }
        assertTrue(largest > 0, what + ": the reference is all zero");
        double bound = TOLERANCE * largest;
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] == 0) {
                assertEquals(0f, actual[i], what + ": flat cell " + i + " is outside the causal cone");
            }
            double error = Math.abs(actual[i] - expected[i]);
            // Written so that NaN fails too.
            assertTrue(error <= bound, what + ": flat cell " + i + " is " + actual[i] + ", the reference "
                    + expected[i] + "; the error exceeds " + TOLERANCE + " x " + largest);
        }
    }
}
