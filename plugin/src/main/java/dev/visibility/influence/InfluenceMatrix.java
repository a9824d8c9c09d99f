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
     */
    public InfluenceMatrix(int layers, int positions, float[] values) {
        if (values.length != layers * positions * layers * positions) {
            throw new IllegalArgumentException("expected " + layers * positions * layers * positions
                    + " values for " + layers + " layers and " + positions + " positions, got " + values.length);
        }
        this.layers = layers;
        this.positions = positions;
        this.values = values;
    }

    public int layers() {
        return layers;
    }

    public int positions() {
        return positions;
    }

    /** {@code G[L,P,l,p]}. */
    public float get(int targetLayer, int targetPosition, int layer, int position) {
        return values[((targetLayer * positions + targetPosition) * layers + layer) * positions + position];
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
