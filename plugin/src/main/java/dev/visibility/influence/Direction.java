package dev.visibility.influence;

import dev.visibility.model.OptionNames;

/** Which view of {@code G} a heatmap of one state shows (DESIGN.md §2): its row, its column or both. */
public enum Direction {
    /** The earlier states that the state depends on: row {@code (L,P)} of {@code G}. */
    SEES("sees"),
    /** The later states that depend on the state: column {@code (L,P)} of {@code G}. */
    INFLUENCES("influences"),
    /** Both at once, as in the reference figure; they never overlap, since one needs {@code l < L}, the other {@code l > L}. */
    BOTH("sees and influences");

    private final String description;

    Direction(String description) {
        this.description = description;
    }

    /** Parses {@code sees}, {@code influences} or {@code both}. */
    public static Direction parse(String name) {
        return OptionNames.parse(Direction.class, name, "direction");
    }

    /** The name used in block options and in the page. */
    public String id() {
        return OptionNames.id(this);
    }

    /** What the state does to the cells of this heatmap, in words: "sees", "influences", "sees and influences". */
    public String description() {
        return description;
    }

    /** The value of cell {@code (l,p)} in the heatmap of the state {@code (L,P)}. */
    public float value(InfluenceMatrix matrix, int stateLayer, int statePosition, int layer, int position) {
        return switch (this) {
            case SEES -> matrix.backward(stateLayer, statePosition, layer, position);
            case INFLUENCES -> matrix.forward(stateLayer, statePosition, layer, position);
            case BOTH -> matrix.combined(stateLayer, statePosition, layer, position);
        };
    }
}
