package dev.visibility.pipeline;

import java.util.List;

/**
 * One {@code ```visibility} fenced block of a Markdown text.
 *
 * @param openLine  1-based line of the opening fence
 * @param closeLine 1-based line of the closing fence
 * @param lines     the lines between the fences, without the indentation of the block
 * @param container what precedes the opening fence on its line: indentation, or a list item's marker, which the
 *                  block's stand-in must keep so that it stays where the block was
 */
public record FencedBlock(int openLine, int closeLine, List<String> lines, String container) {
    public FencedBlock {
        lines = List.copyOf(lines);
    }

    /** A block whose fence starts its line. */
    public FencedBlock(int openLine, int closeLine, List<String> lines) {
        this(openLine, closeLine, lines, "");
    }

    /** The 1-based Markdown line of {@code lines().get(index)}. */
    public int lineOf(int index) {
        return openLine + 1 + index;
    }
}
