package dev.visibility.build;

import java.util.List;

/**
 * One {@code ```visibility} fenced block of a Markdown text.
 *
 * @param openLine  1-based line of the opening fence
 * @param closeLine 1-based line of the closing fence
 * @param lines     the lines between the fences
 */
public record FencedBlock(int openLine, int closeLine, List<String> lines) {
    public FencedBlock {
        lines = List.copyOf(lines);
    }

    /** The 1-based Markdown line of {@code lines().get(index)}. */
    public int lineOf(int index) {
        return openLine + 1 + index;
    }
}
