package dev.visibility.page;

import java.util.List;
import java.util.Locale;

/**
 * The build-time image of a heatmap that readers without JavaScript see: an inline SVG with the same layout and
 * colours as the interactive figure (layers upwards, token positions to the right).
 */
final class FallbackSvg {
    private static final int CELL_WIDTH = 28;
    private static final int CELL_HEIGHT = 20;
    private static final int LEFT = 48;
    private static final int TOP = 6;
    /** The width of a character of the labels, roughly; it sizes the room below the cells for the slanted labels. */
    private static final double CHAR_WIDTH = 6;
    /** Longer token labels are cut, as in the page script; the description names the tokens in full. */
    private static final int MAX_LABEL_CHARS = 12;

    private FallbackSvg() {
    }

    static String render(StateHeatmap heatmap, List<String> tokens, String label) {
        int layers = heatmap.matrix().layers();
        int positions = heatmap.matrix().positions();
        int width = LEFT + positions * CELL_WIDTH + 8;
        int longest = tokens.stream().mapToInt(token -> label(token).length()).max().orElse(0);
        int height = TOP + layers * CELL_HEIGHT + 16 + (int) Math.ceil(CHAR_WIDTH * longest * Math.sqrt(0.5));
        float max = heatmap.max();
        StringBuilder svg = new StringBuilder(64 * layers * positions);
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"visibility-fallback-image\""
                + " viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\" font-size=\"11\" font-family=\"sans-serif\">",
                width, height, Html.escape(label)));
        for (int layer = 0; layer < layers; layer++) {
            int y = TOP + (layers - 1 - layer) * CELL_HEIGHT;
            for (int position = 0; position < positions; position++) {
                String fill = heatmap.isSelf(layer, position) ? ColorScale.SELF
                        : ColorScale.color(max > 0 ? heatmap.value(layer, position) / max : 0);
                svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>",
                        LEFT + position * CELL_WIDTH, y, CELL_WIDTH, CELL_HEIGHT, fill));
            }
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%d</text>",
                    LEFT - 6, y + CELL_HEIGHT / 2 + 4, layer));
        }
        int labelTop = TOP + layers * CELL_HEIGHT + 12;
        for (int position = 0; position < positions; position++) {
            int x = LEFT + position * CELL_WIDTH + CELL_WIDTH / 2;
            svg.append(String.format(Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" transform=\"rotate(-45 %d %d)\" xml:space=\"preserve\">%s</text>",
                    x, labelTop, x, labelTop, Html.escape(label(tokens.get(position)))));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 14 %d)\">Layer</text>",
                TOP + layers * CELL_HEIGHT / 2, TOP + layers * CELL_HEIGHT / 2));
        return svg.append("</svg>").toString();
    }

    private static String label(String token) {
        return token.length() > MAX_LABEL_CHARS ? token.substring(0, MAX_LABEL_CHARS - 1) + "…" : token;
    }
}
