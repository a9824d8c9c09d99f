package dev.visibility.page;

import java.util.Locale;

/** How a block shows its heatmaps on the page. */
public enum View {
    /** Every state's heatmap; hovering over a cell switches to that cell's. */
    EXPLORER,
    /** The heatmap of one state only. */
    HEATMAP;

    /** Parses {@code explorer} or {@code heatmap}, ignoring case and surrounding spaces. */
    public static View parse(String name) {
        String id = name.trim().toLowerCase(Locale.ROOT);
        for (View view : values()) {
            if (view.id().equals(id)) {
                return view;
            }
        }
        throw new IllegalArgumentException("unknown view '" + name + "': use explorer or heatmap");
    }

    /** The name used in block options and in the page. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
