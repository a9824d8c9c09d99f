package dev.visibility.page;

import dev.visibility.influence.Direction;
import dev.visibility.influence.InfluenceMatrix;

/**
 * The heatmap of one state in one direction, as the page first shows it; the build uses it for the fallback
 * image and its text description.
 */
record StateHeatmap(InfluenceMatrix matrix, int layer, int position, Direction direction) {
    StateHeatmap {
        if (layer >= matrix.layers() || position >= matrix.positions()) {
            throw new IllegalArgumentException("state (" + layer + ", " + position + ") is outside the "
                    + matrix.layers() + " layers × " + matrix.positions() + " positions of the text");
        }
    }

    float value(int cellLayer, int cellPosition) {
        return direction.value(matrix, layer, position, cellLayer, cellPosition);
    }

    float max() {
        float max = 0;
        for (int l = 0; l < matrix.layers(); l++) {
            for (int p = 0; p < matrix.positions(); p++) {
                max = Math.max(max, value(l, p));
            }
        }
        return max;
    }

    boolean isSelf(int cellLayer, int cellPosition) {
        return cellLayer == layer && cellPosition == position;
    }
}
