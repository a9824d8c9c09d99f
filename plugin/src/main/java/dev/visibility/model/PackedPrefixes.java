package dev.visibility.model;

import java.util.Arrays;

/**
 * Prefixes of one text packed row after row into one batch without padding: prefix {@code b} holds positions
 * {@code 0..positions[b]}, the causal past of a target state at {@code positions[b]}.
 *
 * <p>Packing keeps the matrix multiplies large and free of wasted padding rows; attention keeps the prefixes
 * apart with a block-diagonal causal mask.
 */
public final class PackedPrefixes {
    private final int[] positions;
    private final int[] starts;

    /** @param positions the last position of each prefix */
    public PackedPrefixes(int[] positions) {
        this.positions = positions.clone();
        this.starts = new int[positions.length + 1];
        for (int b = 0; b < positions.length; b++) {
            starts[b + 1] = starts[b] + positions[b] + 1;
        }
    }

    /** The number of prefixes. */
    public int count() {
        return positions.length;
    }

    /** The last position of prefix {@code b}. */
    public int position(int b) {
        return positions[b];
    }

    /** The row where prefix {@code b} starts. */
    public int start(int b) {
        return starts[b];
    }

    /** The number of rows of all prefixes together. */
    public int rows() {
        return starts[positions.length];
    }

    /** One more than the last position of the longest prefix. */
    public int length() {
        return Arrays.stream(positions).max().orElse(-1) + 1;
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

    /** The last row of every prefix: where its target state is. */
    long[] lastRows() {
        long[] lastRows = new long[positions.length];
        for (int b = 0; b < positions.length; b++) {
            lastRows[b] = starts[b + 1] - 1;
        }
        return lastRows;
    }

    /** {@code [rows, rows]}: 0 where a row may attend a row (same prefix, not later), -∞ elsewhere. */
    float[] causalMask() {
        int rows = rows();
        float[] mask = new float[rows * rows];
        Arrays.fill(mask, Float.NEGATIVE_INFINITY);
        for (int b = 0; b < positions.length; b++) {
            for (int query = starts[b]; query < starts[b + 1]; query++) {
                Arrays.fill(mask, query * rows + starts[b], query * rows + query + 1, 0f);
            }
        }
        return mask;
    }

    /** {@code [count, rows]}: the mask row of every prefix's last row. */
    float[] lastRowMask() {
        int rows = rows();
        float[] mask = new float[positions.length * rows];
        Arrays.fill(mask, Float.NEGATIVE_INFINITY);
        for (int b = 0; b < positions.length; b++) {
            Arrays.fill(mask, b * rows + starts[b], b * rows + starts[b + 1], 0f);
        }
        return mask;
    }
}
