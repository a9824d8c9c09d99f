package dev.visibility.page.browser;

import dev.visibility.influence.Direction;
import dev.visibility.influence.InfluenceMatrix;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What a figure must show, computed in Java from the same data file the browser decoded. */
final class Heatmaps {
    private Heatmaps() {
    }

    /** The tick label of {@code token} on the figure's axis: cut to 11 characters and an ellipsis if longer than 12. */
    static String tickLabel(String token) {
        return token.length() > 12 ? token.substring(0, 11) + "…" : token;
    }

    /** Asserts that the figure shows exactly the heatmap of {@code (layer, position)} in {@code direction}. */
    static void assertShows(FigureDriver figure, InfluenceMatrix matrix, Direction direction, int layer, int position) {
        figure.awaitSelected(layer, position);
        List<List<Number>> z = figure.z();
        assertEquals(matrix.layers(), z.size(), "rows");
        for (int l = 0; l < matrix.layers(); l++) {
            assertEquals(matrix.positions(), z.get(l).size(), "columns of row " + l);
            for (int p = 0; p < matrix.positions(); p++) {
                Number shown = z.get(l).get(p);
                if (l == layer && p == position) {
                    assertNull(shown, "the state's own cell is greyed out");
                } else {
                    float expected = direction.value(matrix, layer, position, l, p);
                    // Both sides decode the same 16-bit code; only Math.pow's last bit may differ.
                    assertEquals(expected, shown.doubleValue(), 1e-6 * expected,
                            direction.id() + " heatmap of (" + layer + "," + position + ") at (" + l + "," + p + ")");
                }
            }
        }
    }

    /** The largest value of the heatmap of {@code (layer, position)}. */
    static float max(InfluenceMatrix matrix, Direction direction, int layer, int position) {
        float max = 0;
        for (int l = 0; l < matrix.layers(); l++) {
            for (int p = 0; p < matrix.positions(); p++) {
                max = Math.max(max, direction.value(matrix, layer, position, l, p));
            }
        }
        return max;
    }

    /** The cell {@code {l, p}} with the largest value of the heatmap of {@code (layer, position)}. */
    static int[] strongest(InfluenceMatrix matrix, Direction direction, int layer, int position) {
        int[] strongest = {0, 0};
        for (int l = 0; l < matrix.layers(); l++) {
            for (int p = 0; p < matrix.positions(); p++) {
                if (direction.value(matrix, layer, position, l, p)
                        > direction.value(matrix, layer, position, strongest[0], strongest[1])) {
                    strongest = new int[] {l, p};
                }
            }
        }
        return strongest;
    }

    /** The largest value of {@code G}, the top of the scale shared by all heatmaps of a block. */
    static float max(InfluenceMatrix matrix) {
        float max = 0;
        for (float value : matrix.values()) {
            max = Math.max(max, value);
        }
        return max;
    }
}
