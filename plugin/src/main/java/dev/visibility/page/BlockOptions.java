package dev.visibility.page;

/**
 * How one visibility block is shown on the page.
 *
 * @param view      {@code explorer} (hover any cell to see its heatmap) or {@code heatmap} (one state)
 * @param layer     the state shown first (explorer) or only (heatmap)
 * @param position  the position of that state
 * @param direction {@code sees}, {@code influences} or {@code both}
 * @param caption   text under the figure, may be empty
 */
public record BlockOptions(String view, int layer, int position, String direction, String caption) {
}
