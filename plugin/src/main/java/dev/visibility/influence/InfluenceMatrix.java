package dev.visibility.influence;

/**
 * The influence matrix {@code G[L,P,l,p]} of one text: how strongly the score of the state {@code h[L,P]}
 * depends on the state {@code h[l,p]}. It is zero unless {@code l < L} and {@code p <= P}.
 *
 * <p>Every heatmap of the visualisation is a view of this one matrix: row {@code (L,P)} is what the state sees,
 * column {@code (L,P)} is what it influences.
 */
public final class InfluenceMatrix {
    private final int layers;
    private final int positions;
    private final float[] values;

    /**
     * @param values {@code G} flattened in row-major order {@code [L][P][l][p]}; not copied
     * @throws IllegalArgumentException if the count is wrong, or a value is NaN, infinite or negative: no such
     *                                  matrix is ever cached or published
     */
    public InfluenceMatrix(int layers, int positions, float[] values) {
        if (values.length != cells(layers, positions)) {
            throw new IllegalArgumentException("expected " + cells(layers, positions)
                    + " values for " + layers + " layers and " + positions + " positions, got " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            if (!isValid(values[i])) {
                int position = i % positions;
                int layer = i / positions % layers;
                int targetPosition = i / positions / layers % positions;
                int targetLayer = i / positions / layers / positions;
                throw new IllegalArgumentException("G[" + targetLayer + "," + targetPosition + "," + layer + ","
                        + position + "] is " + values[i] + "; every value of G must be finite and non-negative");
            }
        }
        this.layers = layers;
        this.positions = positions;
        this.values = values;
    }

    /**
     * How many cells {@code G} has: {@code (layers * positions)²}.
     *
     * @throws IllegalArgumentException if that is more than one Java array holds (GPT-2 XL at 1024 tokens)
     */
    public static int cells(int layers, int positions) {
        long cells = (long) layers * positions * layers * positions;
        if (cells > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(layers + " layers and " + positions + " tokens make " + cells
                    + " cells of G, more than one Java array holds; use a shorter text");
        }
        return (int) cells;
    }

    /**
     * Where {@code G[L,P,l,p]} lies in the row-major layout {@code [L][P][l][p]}. This is the one place in Java
     * that spells out the layout; the page script mirrors it once, in {@code cellIndex}.
     */
    public static int index(int layers, int positions, int targetLayer, int targetPosition, int layer,
                            int position) {
        return ((targetLayer * positions + targetPosition) * layers + layer) * positions + position;
    }

    /** Whether {@code value} can be a cell of {@code G}: a finite sum of absolute values. */
    public static boolean isValid(float value) {
        return value >= 0 && value < Float.POSITIVE_INFINITY;
    }

    public int layers() {
        return layers;
    }

    public int positions() {
        return positions;
    }

    /** {@code G[L,P,l,p]}. */
    public float get(int targetLayer, int targetPosition, int layer, int position) {
        return values[index(layers, positions, targetLayer, targetPosition, layer, position)];
    }

    /** What the state {@code (L,P)} sees: {@code G[L,P,l,p]}. */
    public float backward(int stateLayer, int statePosition, int layer, int position) {
        return get(stateLayer, statePosition, layer, position);
    }

    /** What the state {@code (L,P)} influences: {@code G[l,p,L,P]}. */
    public float forward(int stateLayer, int statePosition, int layer, int position) {
        return get(layer, position, stateLayer, statePosition);
    }

    /** The heatmap of the reference figure: {@code backward + forward}. */
    public float combined(int stateLayer, int statePosition, int layer, int position) {
        return backward(stateLayer, statePosition, layer, position)
                + forward(stateLayer, statePosition, layer, position);
    }

    /** A copy of {@code G}, flattened in row-major order {@code [L][P][l][p]}. */
    public float[] values() {
        return values.clone();
    }
}
