package dev.visibility.page;

import dev.visibility.influence.InfluenceMatrix;
import dev.visibility.model.TokenizedText;

/** The HTML element that stands in a post for one block; the page script turns it into a figure. */
public final class Placeholder {
    private Placeholder() {
    }

    /**
     * @param dataUrl URL of the block's data file, relative to the page
     */
    public static String html(String dataUrl, BlockOptions options, TokenizedText text, InfluenceMatrix matrix) {
        return "<figure class=\"visibility\" data-src=\"" + dataUrl + "\"></figure>";
    }
}
