package dev.visibility.page;

import java.util.Locale;

/**
 * How one visibility block is shown on the page.
 *
 * @param view      {@code explorer} (hover any cell to see its heatmap) or {@code heatmap} (one state)
 * @param layer     the state shown first (explorer) or only (heatmap)
 * @param position  the position of that state
 * @param direction {@code sees}, {@code influences} or {@code both}
 * @param caption   text under the figure, may be empty; shown as text, never as markup
 * @throws IllegalArgumentException for an unknown view or direction, or a negative layer or position
 */
public record BlockOptions(String view, int layer, int position, String direction, String caption) {
    /** The two views. */
    public static final String EXPLORER = "explorer";
    /** The single, static heatmap. */
    public static final String HEATMAP = "heatmap";

    public BlockOptions {
        view = view.trim().toLowerCase(Locale.ROOT);
        if (!view.equals(EXPLORER) && !view.equals(HEATMAP)) {
            throw new IllegalArgumentException("unknown view '" + view + "': use explorer or heatmap");
        }
        direction = Direction.parse(direction).id();
        if (layer < 0 || position < 0) {
            throw new IllegalArgumentException("layer and position must not be negative, got " + layer + ", " + position);
        }
        caption = caption == null ? "" : caption;
    }

    /** The direction as an enum. */
    public Direction directionValue() {
        return Direction.parse(direction);
    }
}
