package dev.visibility.page;

import dev.visibility.influence.Direction;

import java.util.Objects;

/**
 * How one visibility block is shown on the page.
 *
 * @param view      the explorer (hover any cell to see its heatmap) or a single heatmap (one state)
 * @param layer     the state shown first (explorer) or only (heatmap)
 * @param position  the position of that state
 * @param direction which view of {@code G} the heatmaps show
 * @param caption   text under the figure, may be empty; shown as text, never as markup
 * @param source    what the numbers are of, said under the figure after the caption: the model and the residual
 *                  convention, e.g. {@code gpt2, centred residual stream}; may be empty
 * @throws IllegalArgumentException for a negative layer or position
 */
public record BlockOptions(View view, int layer, int position, Direction direction, String caption, String source) {
    public BlockOptions {
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(direction, "direction");
        if (layer < 0 || position < 0) {
            throw new IllegalArgumentException("layer and position must not be negative, got " + layer + ", " + position);
        }
        caption = caption == null ? "" : caption;
        source = source == null ? "" : source;
    }

    /** Options without a source line, for figures whose data do not come from a named model. */
    public BlockOptions(View view, int layer, int position, Direction direction, String caption) {
        this(view, layer, position, direction, caption, "");
    }
}
