package dev.visibility.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the {@code ```visibility} blocks of a Markdown text, following CommonMark's rules as far as they decide
 * what is a block:
 * <ul>
 *   <li>a block shown as an example inside a longer fence (say a four-backtick {@code markdown} block) is left
 *       alone, and so is one inside an HTML comment, {@code <script>}, {@code <pre>} or other raw HTML block,
 *       which the renderer passes through untouched;</li>
 *   <li>a fence may be indented up to three spaces, and as much indentation is removed from its lines;</li>
 *   <li>a fence may sit in a list item, on the item's first line or indented to its content.</li>
 * </ul>
 */
public final class FencedBlocks {
    /** Indentation, or a list item's marker and its spaces, then three or more backticks or tildes and the info. */
    private static final Pattern FENCE = Pattern.compile("^( *(?:(?:[-+*]|\\d{1,9}[.)]) {1,4})?)(`{3,}|~{3,})(.*)$",
            Pattern.DOTALL);
    /** The start of a list item, whose content column later lines of the item are indented to. */
    private static final Pattern LIST_ITEM = Pattern.compile("^( *(?:[-+*]|\\d{1,9}[.)]) {1,4})\\S");
    /** CommonMark's HTML blocks of kinds 1 to 5: they run to an end marker, blank lines included. */
    private static final List<RawHtml> RAW_HTML = List.of(
            new RawHtml("<(?:script|pre|style|textarea)(?:[\\s>]|$)", "</(?:script|pre|style|textarea)>"),
            new RawHtml("<!--", "-->"),
            new RawHtml("<\\?", "\\?>"),
            new RawHtml("<![A-Za-z]", ">"),
            new RawHtml("<!\\[CDATA\\[", "]]>"));
    private static final String INFO = "visibility";

    private record RawHtml(Pattern start, Pattern end) {
        RawHtml(String start, String end) {
            this(Pattern.compile("^ {0,3}" + start, Pattern.CASE_INSENSITIVE), Pattern.compile(end, Pattern.CASE_INSENSITIVE));
        }
    }

    private FencedBlocks() {
    }

    /**
     * @param lines the Markdown text, one entry per line
     * @return the visibility blocks, in order
     * @throws DirectiveException if a visibility block is never closed
     */
    public static List<FencedBlock> find(List<String> lines) throws DirectiveException {
        List<FencedBlock> blocks = new ArrayList<>();
        int listContent = 0;
        int index = 0;
        while (index < lines.size()) {
            String line = lines.get(index);
            listContent = listContentColumn(line, listContent);
            int htmlEnd = rawHtmlEnd(lines, index);
            if (htmlEnd >= 0) {
                index = htmlEnd + 1;
                continue;
            }
            Matcher open = FENCE.matcher(line);
            if (!open.matches() || isInvalidBacktickInfo(open) || !isFenceColumn(open.group(1), listContent)) {
                index++;
                continue;
            }
            String container = open.group(1);
            String fence = open.group(2);
            int close = closingLine(lines, index + 1, fence, containerColumn(container, listContent) + 3);
            boolean ours = open.group(3).trim().equals(INFO);
            if (ours && close == lines.size()) {
                throw new DirectiveException(index + 1, "this ```visibility block is never closed; end it with a line "
                        + "holding only " + fence);
            }
            if (ours) {
                blocks.add(new FencedBlock(index + 1, close + 1,
                        dedent(lines.subList(index + 1, close), container.length()), container));
            }
            index = close + 1;
        }
        return blocks;
    }

    /**
     * The content column of the list item that {@code line} belongs to, 0 outside lists: a list item line sets it,
     * a non-blank line indented less than it ends the list.
     */
    private static int listContentColumn(String line, int current) {
        Matcher item = LIST_ITEM.matcher(line);
        if (item.find()) {
            return item.group(1).length();
        }
        return line.isBlank() || leadingSpaces(line) >= current ? current : 0;
    }

    /**
     * The column of the fence's container: that of the list item it is indented into, or of its own list marker,
     * or 0 for the page itself.
     */
    private static int containerColumn(String container, int listContent) {
        if (!container.isBlank()) {
            return container.length();
        }
        return listContent > 0 && container.length() >= listContent ? listContent : 0;
    }

    /** A fence is indented at most three columns into its container; more makes it indented code. */
    private static boolean isFenceColumn(String container, int listContent) {
        return container.length() - containerColumn(container, listContent) <= 3;
    }

    /** The index of the last line of a raw HTML block that starts at {@code index}, or -1 if none starts there. */
    private static int rawHtmlEnd(List<String> lines, int index) {
        for (RawHtml html : RAW_HTML) {
            Matcher start = html.start().matcher(lines.get(index));
            if (start.find()) {
                if (html.end().matcher(lines.get(index)).find(start.end())) {
                    return index;
                }
                for (int end = index + 1; end < lines.size(); end++) {
                    if (html.end().matcher(lines.get(end)).find()) {
                        return end;
                    }
                }
                return lines.size() - 1;
            }
        }
        return -1;
    }

    /** CommonMark: the info string of a backtick fence may not contain a backtick (it would be inline code). */
    private static boolean isInvalidBacktickInfo(Matcher open) {
        return open.group(2).charAt(0) == '`' && open.group(3).contains("`");
    }

    /** The index of the line that closes {@code fence}, or {@code lines.size()} if the fence runs to the end. */
    private static int closingLine(List<String> lines, int from, String fence, int maxIndent) {
        for (int index = from; index < lines.size(); index++) {
            String line = lines.get(index);
            String rest = line.substring(leadingSpaces(line));
            if (leadingSpaces(line) <= maxIndent && rest.startsWith(fence) && isFenceRun(rest, fence.charAt(0))) {
                return index;
            }
        }
        return lines.size();
    }

    /** Only fence characters, as many as the opening fence or more, then nothing but spaces. */
    private static boolean isFenceRun(String rest, char fenceChar) {
        String trimmed = rest.stripTrailing();
        return trimmed.chars().allMatch(c -> c == fenceChar);
    }

    /** CommonMark removes up to the opening fence's indentation from every line of the block. */
    private static List<String> dedent(List<String> lines, int width) {
        List<String> dedented = new ArrayList<>();
        for (String line : lines) {
            dedented.add(line.substring(Math.min(width, leadingSpaces(line))));
        }
        return dedented;
    }

    private static int leadingSpaces(String line) {
        int count = 0;
        while (count < line.length() && line.charAt(count) == ' ') {
            count++;
        }
        return count;
    }
}
