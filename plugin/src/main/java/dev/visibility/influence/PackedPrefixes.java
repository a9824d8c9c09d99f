package dev.visibility.influence;

import java.util.Arrays;

/**
 * Prefixes of one text packed row after row without padding: prefix {@code b} holds positions
 * {@code 0..positions[b]}, the causal past of a target state at {@code positions[b]}.
 *
 * <p>Position-wise work (the linear layers, LayerNorm, GELU) runs on the packed rows, so that no matrix multiply
 * wastes work on padding. Attention mixes positions within a prefix, so it runs on the padded layout
 * {@code [count, width, ·]}; the two index maps here convert between them.
 */
final class PackedPrefixes {
    private final int[] positions;
    private final int[] starts;

    /** @param positions the last position of each prefix */
    PackedPrefixes(int[] positions) {
        this.positions = positions.clone();
        this.starts = new int[positions.length + 1];
        for (int b = 0; b < positions.length; b++) {
            starts[b + 1] = starts[b] + positions[b] + 1;
        }
    }

    /** The number of prefixes. */
    int count() {
        return positions.length;
    }

    /** The last position of prefix {@code b}. */
    int position(int b) {
        return positions[b];
    }

    /** The row where prefix {@code b} starts. */
    int start(int b) {
        return starts[b];
    }

    /** The number of rows of all prefixes together. */
    int rows() {
        return starts[positions.length];
    }

    /** The length of the longest prefix: the width of the padded layout. */
    int width() {
        int width = 0;
        for (int position : positions) {
            width = Math.max(width, position + 1);
        }
        return width;
    }

    /** The text position of every row. */
    long[] rowPositions() {
        long[] rowPositions = new long[rows()];
        for (int b = 0; b < positions.length; b++) {
            for (int p = 0; p <= positions[b]; p++) {
                rowPositions[starts[b] + p] = p;
            }
        }
        return rowPositions;
    }

    /** The last position of every prefix: where its target state is. */
    long[] targetPositions() {
        long[] targets = new long[positions.length];
        for (int b = 0; b < positions.length; b++) {
            targets[b] = positions[b];
        }
        return targets;
    }

    /**
     * For each packed row, the prefix whose target state sits there (its last row), or {@link #count()} for
     * every other row: an index into one value per prefix followed by a zero.
     */
    long[] targetAtRow() {
        long[] index = new long[rows()];
        Arrays.fill(index, positions.length);
        for (int b = 0; b < positions.length; b++) {
            index[starts[b + 1] - 1] = b;
        }
        return index;
    }

    /**
     * For each slot {@code (b, p)} of the padded layout, flattened, the packed row that fills it; slots past a
     * prefix's end get {@link #rows()}, the index of a zero row appended to the packed rows.
     */
    long[] paddedFromPacked() {
        int width = width();
        long[] index = new long[positions.length * width];
        for (int b = 0; b < positions.length; b++) {
            for (int p = 0; p < width; p++) {
                index[b * width + p] = p <= positions[b] ? starts[b] + p : rows();
            }
        }
        return index;
    }

    /** For each packed row, its slot in the flattened padded layout. */
    long[] packedFromPadded() {
        int width = width();
        long[] index = new long[rows()];
        for (int b = 0; b < positions.length; b++) {
            for (int p = 0; p <= positions[b]; p++) {
                index[starts[b] + p] = (long) b * width + p;
            }
        }
        return index;
    }
}
