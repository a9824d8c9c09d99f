package dev.visibility.pipeline;

import dev.visibility.influence.Direction;
import dev.visibility.model.Residual;
import dev.visibility.page.View;

import java.util.Map;

/**
 * The options written in one visibility block. An option that the block leaves out is {@code null} here and takes
 * the site's default later.
 *
 * @param openLine  line of the opening fence
 * @param text      the text the model reads, or {@code null} for a corpus figure
 * @param view      how the block shows its heatmaps
 * @param layer     the state shown first (explorer) or only (heatmap)
 * @param position  the position of that state
 * @param direction which view of {@code G} the heatmaps show
 * @param model     a model name as the hub understands it
 * @param residual  the residual convention
 * @param caption   text under the figure
 * @param corpus    the corpus of a corpus figure, or {@code null} for one text
 * @param lines     the line of every option that was written, by option name
 */
public record Directive(int openLine, String text, View view, Integer layer, Integer position, Direction direction,
                        String model, Residual residual, String caption, CorpusRequest corpus,
                        Map<String, Integer> lines) {
    public Directive {
        lines = Map.copyOf(lines);
    }

    /** The same block with another text, for a text that the command line gives whole. */
    public Directive withText(String newText) {
        return new Directive(openLine, newText, view, layer, position, direction, model, residual, caption, corpus,
                lines);
    }

    /** The line to blame for a problem with {@code option}: where it was written, or else the opening fence. */
    public int lineOf(String option) {
        return lines.getOrDefault(option, openLine);
    }
}
