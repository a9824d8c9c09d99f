package dev.visibility.page;

import dev.visibility.influence.Direction;
import dev.visibility.influence.InfluenceMatrix;
import dev.visibility.model.TokenizedText;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The HTML element that stands in a post for one block; the page script ({@link PageAssets}) turns it into a
 * figure. It is a {@code <figure class="visibility">} whose {@code data-*} attributes carry the options. Inside,
 * a {@code <noscript>} holds the fallback for readers without JavaScript: an SVG of the first heatmap and a text
 * description. Under it, the caption and what the numbers are of (the model and the residual convention).
 * Every token text, the caption and the model's name are escaped, so they show literally.
 */
public final class Placeholder {
    private Placeholder() {
    }

    /**
     * The element for a block whose data file is published separately (written with {@link DataFile#encode}).
     *
     * @param dataUrl URL of the block's data file, relative to the page (e.g. {@code ../visibility/3fa2….json}),
     *                so that the site works under any sub-path
     * @param corpus  for a corpus figure, its samples and standard deviation; null for one text
     * @throws IllegalArgumentException if the options' state lies outside the matrix
     */
    public static String html(String dataUrl, BlockOptions options, TokenizedText text, InfluenceMatrix matrix,
                              CorpusSummary corpus) {
        return figure(" data-src=\"" + Html.escape(dataUrl) + "\"", "", options, text, matrix, corpus);
    }

    /**
     * The element with the data file inlined, for pages that must also work when opened from disk
     * ({@code file://}), where browsers refuse to fetch files.
     *
     * @param dataFile the block's data file, as {@link DataFile#encode} wrote it
     * @throws IllegalArgumentException if the options' state lies outside the matrix
     */
    public static String inlineHtml(byte[] dataFile, BlockOptions options, TokenizedText text, InfluenceMatrix matrix,
                                    CorpusSummary corpus) {
        // The data file's JSON escapes '<', so it cannot end the script element early.
        String json = new String(dataFile, StandardCharsets.UTF_8);
        String data = "<script type=\"application/json\" class=\"visibility-data\">" + json + "</script>";
        return figure("", data, options, text, matrix, corpus);
    }

    /**
     * The text that describes the heatmap of the state {@code (layer, position)} to readers who cannot see it: the
     * fallback's, and the page script's for the state it shows (visibility.js says the same, word for word).
     *
     * @param tokens the token at each position; a corpus figure names none, whose samples differ in their tokens
     * @param corpus for a corpus figure, its samples; null for one text
     * @throws IllegalArgumentException if the state lies outside the matrix
     */
    public static String description(InfluenceMatrix matrix, int layer, int position, Direction direction,
                                     List<String> tokens, CorpusSummary corpus) {
        return description(new StateHeatmap(matrix, layer, position, direction), corpus == null ? tokens : null,
                corpus);
    }

    private static String description(StateHeatmap heatmap, List<String> tokens, CorpusSummary corpus) {
        String over = corpus == null ? ""
                : "Mean over " + corpus.samples() + (corpus.samples() == 1 ? " text. " : " texts. ");
        return over + StateDescription.describe(heatmap, tokens);
    }

    private static String figure(String source, String inlineData, BlockOptions options, TokenizedText text,
                                 InfluenceMatrix matrix, CorpusSummary corpus) {
        StateHeatmap first = new StateHeatmap(matrix, options.layer(), options.position(), options.direction());
        // A corpus's samples differ in their tokens: its positions are named by number only.
        List<String> tokens = corpus == null ? text.tokens() : null;
        String description = description(first, tokens, corpus);
        String label = "Heatmap of the hidden state at "
                + StateDescription.state(options.layer(), options.position(), tokens);
        StringBuilder html = new StringBuilder()
                .append("<figure class=\"visibility\"").append(source)
                .append(" data-view=\"").append(options.view().id())
                .append("\" data-layer=\"").append(options.layer())
                .append("\" data-position=\"").append(options.position())
                .append("\" data-direction=\"").append(options.direction().id()).append("\">")
                .append(inlineData)
                .append("<noscript><div class=\"visibility-fallback\">")
                .append(HeatmapSvg.inline(first, tokens, label))
                .append("<p>").append(Html.escape(description)).append("</p></div></noscript>");
        if (!options.caption().isBlank() || !options.source().isBlank()) {
            html.append("<figcaption>").append(Html.escape(options.caption()));
            if (!options.source().isBlank()) {
                html.append(options.caption().isBlank() ? "" : " ").append("<span class=\"visibility-source\">")
                        .append(Html.escape(options.source())).append("</span>");
            }
            html.append("</figcaption>");
        }
        return html.append("</figure>").toString();
    }
}
