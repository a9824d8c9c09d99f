package dev.visibility.page;

import dev.visibility.influence.Direction;
import dev.visibility.influence.InfluenceMatrix;

import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The heatmap of one state as an SVG image, drawn without a browser: the same layout and colours as the
 * interactive figure (layers upwards, token positions to the right, labelled with the tokens), with axis titles
 * and a colour bar. Pages inline it as the figure's no-JavaScript fallback; {@link #document} makes a file of it
 * for papers and slides.
 */
public final class HeatmapSvg {
    private static final int CELL_WIDTH = 28;
    private static final int CELL_HEIGHT = 20;
    private static final int LEFT = 52;
    private static final int BAR_GAP = 16;
    private static final int BAR_WIDTH = 12;
    /** Room for the colour bar's numbers, up to seven characters such as {@code 1.23e-05}. */
    private static final int BAR_LABELS = 60;
    /** The width of a character of the labels, roughly; it sizes the room below the cells for the slanted labels. */
    private static final double CHAR_WIDTH = 6;
    /** Longer token labels are cut, as in the page script; the description names the tokens in full. */
    private static final int MAX_LABEL_CHARS = 12;
    private static final String FONT = "font-size=\"11\" font-family=\"Helvetica, Arial, sans-serif\"";

    private HeatmapSvg() {
    }

    /**
     * A standalone SVG file of the heatmap of {@code (layer, position)}, with a title.
     *
     * @param tokens the token at each position, or null for a corpus figure, whose positions are labelled by number
     * @throws IllegalArgumentException if the state lies outside the matrix
     */
    public static String document(InfluenceMatrix matrix, List<String> tokens, int layer, int position,
                                  Direction direction) {
        StateHeatmap heatmap = new StateHeatmap(matrix, layer, position, direction);
        String title = "Layer " + layer + ", position " + position + StateDescription.token(position, tokens) + ": "
                + direction.description();
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + render(heatmap, tokens, title, true) + "\n";
    }

    /** The fallback image inside a figure; {@code label} is read to screen-reader users. */
    static String inline(StateHeatmap heatmap, List<String> tokens, String label) {
        return render(heatmap, tokens, label, false);
    }

    private static String render(StateHeatmap heatmap, List<String> tokens, String title, boolean standalone) {
        int layers = heatmap.matrix().layers();
        int positions = heatmap.matrix().positions();
        int top = standalone ? 30 : 8;
        int cellsRight = LEFT + positions * CELL_WIDTH;
        int cellsBottom = top + layers * CELL_HEIGHT;
        int width = cellsRight + BAR_GAP + BAR_WIDTH + BAR_LABELS;
        List<String> labels = tokens != null ? tokens.stream().map(HeatmapSvg::label).toList()
                : IntStream.range(0, positions).mapToObj(Integer::toString).toList();
        int longest = labels.stream().mapToInt(String::length).max().orElse(0);
        int labelsBottom = cellsBottom + 16 + (int) Math.ceil(CHAR_WIDTH * longest * Math.sqrt(0.5));
        int height = labelsBottom + 22;
        float max = heatmap.max();
        StringBuilder svg = new StringBuilder(80 * layers * positions);
        svg.append(standalone
                ? format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" %s>"
                        + "<title>%s</title><rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>"
                        + "<text x=\"%d\" y=\"18\" font-size=\"13\" xml:space=\"preserve\">%s</text>",
                        width, height, width, height, FONT, Html.escape(title), LEFT, Html.escape(title))
                : format("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"visibility-fallback-image\""
                        + " viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\" %s>",
                        width, height, Html.escape(title), FONT));
        svg.append("<g class=\"cells\">");
        for (int layer = 0; layer < layers; layer++) {
            for (int position = 0; position < positions; position++) {
                String fill = heatmap.isSelf(layer, position) ? ColorScale.SELF
                        : ColorScale.color(max > 0 ? heatmap.value(layer, position) / max : 0);
                svg.append(format("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>",
                        LEFT + position * CELL_WIDTH, row(top, layers, layer), CELL_WIDTH, CELL_HEIGHT, fill));
            }
        }
        svg.append("</g>");
        for (int layer = 0; layer < layers; layer++) {
            svg.append(format("<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%d</text>",
                    LEFT - 6, row(top, layers, layer) + CELL_HEIGHT / 2 + 4, layer));
        }
        int labelTop = cellsBottom + 12;
        for (int position = 0; position < positions; position++) {
            int x = LEFT + position * CELL_WIDTH + CELL_WIDTH / 2;
            svg.append(format("<text x=\"%d\" y=\"%d\" text-anchor=\"end\" transform=\"rotate(-45 %d %d)\""
                    + " xml:space=\"preserve\">%s</text>", x, labelTop, x, labelTop, Html.escape(labels.get(position))));
        }
        int middle = (top + cellsBottom) / 2;
        svg.append(format("<text x=\"14\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 14 %d)\">Layer</text>",
                middle, middle));
        svg.append(format("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                (LEFT + cellsRight) / 2, height - 6, tokens != null ? "Token position" : "Position"));
        colorBar(svg, cellsRight + BAR_GAP, top, layers * CELL_HEIGHT, max);
        return svg.append("</svg>").toString();
    }

    /**
     * A vertical bar from 0 at the bottom to {@code max} at the top, with three numbers beside it. Its gradient
     * interpolates linearly between the scale's stops, as {@link ColorScale} does; several images on one page
     * may share its id, since they define the same gradient.
     */
    private static void colorBar(StringBuilder svg, int x, int top, int height, float max) {
        svg.append("<g class=\"colorbar\"><linearGradient id=\"visibility-colorbar\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">");
        for (int stop = 0; stop < ColorScale.STOP_COUNT; stop++) {
            double at = stop / (double) (ColorScale.STOP_COUNT - 1);
            svg.append(format("<stop offset=\"%.3f\" stop-color=\"%s\"/>", at, ColorScale.color(at)));
        }
        svg.append(format("</linearGradient><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"url(#visibility-colorbar)\"/>",
                x, top, BAR_WIDTH, height));
        for (int tick = 0; tick <= 2; tick++) {
            int y = top + height - tick * height / 2;
            svg.append(format("<text x=\"%d\" y=\"%d\">%s</text>", x + BAR_WIDTH + 4, y + 4,
                    tick == 0 ? "0" : format("%.3g", max * tick / 2)));
        }
        svg.append("</g>");
    }

    /** The top of the row of {@code layer}: layer 0 is at the bottom. */
    private static int row(int top, int layers, int layer) {
        return top + (layers - 1 - layer) * CELL_HEIGHT;
    }

    private static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }

    private static String label(String token) {
        return token.length() > MAX_LABEL_CHARS ? token.substring(0, MAX_LABEL_CHARS - 1) + "…" : token;
    }
}
