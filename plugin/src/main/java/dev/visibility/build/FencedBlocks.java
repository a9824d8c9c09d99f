package dev.visibility.build;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the {@code ```visibility} blocks of a Markdown text, following CommonMark's fence rules so that a block
 * shown as an example inside a longer fence (say a four-backtick {@code markdown} block) is left alone.
 */
public final class FencedBlocks {
    /** Up to three spaces of indentation, then three or more backticks or tildes, then the info string. */
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})(.*)$");
    private static final String INFO = "visibility";

    private FencedBlocks() {
    }

    /**
     * @param lines the Markdown text, one entry per line
     * @return the visibility blocks, in order
     * @throws DirectiveException if a visibility block is never closed
     */
    public static List<FencedBlock> find(List<String> lines) throws DirectiveException {
        List<FencedBlock> blocks = new ArrayList<>();
        int index = 0;
        while (index < lines.size()) {
            Matcher open = FENCE.matcher(lines.get(index));
            if (!open.matches() || isInvalidBacktickInfo(open)) {
                index++;
                continue;
            }
            String fence = open.group(1);
            int close = closingLine(lines, index + 1, fence);
            boolean ours = open.group(2).trim().equals(INFO);
            if (ours && close == lines.size()) {
                throw new DirectiveException(index + 1, "this ```visibility block is never closed; end it with a line "
                        + "holding only " + fence);
            }
            if (ours) {
                blocks.add(new FencedBlock(index + 1, close + 1, lines.subList(index + 1, close)));
            }
            index = close + 1;
        }
        return blocks;
    }

    /** CommonMark: the info string of a backtick fence may not contain a backtick (it would be inline code). */
    private static boolean isInvalidBacktickInfo(Matcher open) {
        return open.group(1).charAt(0) == '`' && open.group(2).contains("`");
    }

    /** The index of the line that closes {@code fence}, or {@code lines.size()} if the fence runs to the end. */
    private static int closingLine(List<String> lines, int from, String fence) {
        for (int index = from; index < lines.size(); index++) {
            Matcher close = FENCE.matcher(lines.get(index));
            if (close.matches() && close.group(2).isBlank()
                    && close.group(1).charAt(0) == fence.charAt(0)
                    && close.group(1).length() >= fence.length()) {
                return index;
            }
        }
        return lines.size();
    }
}
