package dev.visibility.page;

import java.io.IOException;
import java.nio.file.Path;

/** The script, stylesheet and Plotly bundle that pages with visibility blocks load. */
public final class PageAssets {
    private PageAssets() {
    }

    /** Writes the assets into {@code directory} (the site's {@code visibility/} folder). */
    public static void writeTo(Path directory) throws IOException {
    }
}
