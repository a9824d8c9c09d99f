package dev.visibility.page;

import dev.visibility.model.OptionNames;

/** How a block shows its heatmaps on the page. */
public enum View {
    /** Every state's heatmap; hovering over a cell switches to that cell's. */
    EXPLORER,
    /** The heatmap of one state only. */
    HEATMAP;

    /** Parses {@code explorer} or {@code heatmap}, ignoring case and surrounding spaces. */
    public static View parse(String name) {
        return OptionNames.parse(View.class, name, "view");
    }

    /** The name used in block options and in the page. */
    public String id() {
        return OptionNames.id(this);
    }
}
