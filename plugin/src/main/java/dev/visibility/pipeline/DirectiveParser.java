package dev.visibility.pipeline;

import dev.visibility.influence.Direction;
import dev.visibility.model.Residual;
import dev.visibility.page.View;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code key: value} lines of a visibility block.
 *
 * <p>{@code text} may be a YAML literal block scalar ({@code text: |} keeps one final newline, {@code text: |-}
 * none). {@code text} and {@code caption} are free text and are taken literally; on every other option a
 * {@code #} after a space starts a comment. Lines that start with {@code #} are comments.
 */
public final class DirectiveParser {
    /** Every option a block may have. */
    public static final List<String> OPTIONS = List.of("text", "corpus", "view", "layer", "position", "direction", "model",
            "residual", "caption", "samples", "tokens", "column", "split");
    private static final Set<String> FREE_TEXT = Set.of("text", "caption");
    /** DOTALL: a value may hold U+0085, U+2028 or U+2029, which Java's {@code .} would not match otherwise. */
    private static final Pattern OPTION = Pattern.compile("^([A-Za-z_]+)\\s*:(.*)$", Pattern.DOTALL);
    private static final Pattern COMMENT = Pattern.compile("\\s+#.*$", Pattern.DOTALL);

    private DirectiveParser() {
    }

    /** Parses the lines of {@code block}. */
    public static Directive parse(FencedBlock block) throws DirectiveException {
        Map<String, String> values = new HashMap<>();
        Map<String, Integer> lines = new HashMap<>();
        List<String> body = block.lines();
        int index = 0;
        while (index < body.size()) {
            String line = body.get(index);
            int lineNumber = block.lineOf(index);
            index++;
            if (line.isBlank() || line.trim().startsWith("#")) {
                continue;
            }
            Matcher option = OPTION.matcher(line);
            if (!option.matches()) {
                throw new DirectiveException(lineNumber, "expected an option as `key: value` (for example "
                        + "`layer: 5`), found '" + line.trim() + "'");
            }
            String key = option.group(1);
            if (!OPTIONS.contains(key)) {
                throw new DirectiveException(lineNumber, "unknown option '" + key + "'; the options are "
                        + String.join(", ", OPTIONS));
            }
            if (lines.containsKey(key)) {
                throw new RepeatedOptionException(key, lines.get(key), lineNumber);
            }
            String value = option.group(2).trim();
            if (key.equals("text") && (value.equals("|") || value.equals("|-"))) {
                int end = blockScalarEnd(body, index);
                value = blockScalar(body.subList(index, end), value.equals("|"));
                index = end;
            } else if (!FREE_TEXT.contains(key)) {
                value = COMMENT.matcher(value).replaceFirst("");
            }
            if (value.isEmpty()) {
                throw new DirectiveException(lineNumber, "option '" + key + "' has no value; write `" + key
                        + ": <value>` or remove the line");
            }
            values.put(key, value);
            lines.put(key, lineNumber);
        }
        return toDirective(block, values, lines);
    }

    private static Directive toDirective(FencedBlock block, Map<String, String> values, Map<String, Integer> lines)
            throws DirectiveException {
        if (values.containsKey("text") && values.containsKey("corpus")) {
            throw new DirectiveException(Math.max(lines.get("text"), lines.get("corpus")), "a block shows one text or"
                    + " a corpus, not both; remove `text:` or `corpus:`");
        }
        if (!values.containsKey("text") && !values.containsKey("corpus")) {
            throw new DirectiveException(block.openLine(), "the visibility block has no text; add a line such as "
                    + "`text: The quick brown fox` (or `corpus: texts.jsonl` for an average over many texts)");
        }
        CorpusRequest corpus = null;
        if (values.containsKey("corpus")) {
            corpus = new CorpusRequest(values.get("corpus"),
                    parsed(values, lines, "samples", DirectiveParser::positive),
                    parsed(values, lines, "tokens", DirectiveParser::sampleLength),
                    values.get("column"), values.get("split"));
        } else {
            for (String option : CorpusRequest.OPTIONS) {
                if (values.containsKey(option)) {
                    throw new DirectiveException(lines.get(option), "option '" + option + "' belongs to corpus"
                            + " figures; remove it, or replace `text:` with `corpus:`");
                }
            }
        }
        return new Directive(block.openLine(), values.get("text"),
                parsed(values, lines, "view", View::parse),
                parsed(values, lines, "layer", DirectiveParser::number),
                parsed(values, lines, "position", DirectiveParser::number),
                parsed(values, lines, "direction", Direction::parse),
                values.get("model"),
                parsed(values, lines, "residual", Residual::parse),
                values.get("caption"), corpus, lines);
    }

    /** Applies {@code parser} to the option's value, if given, turning its complaint into an error at that line. */
    private static <T> T parsed(Map<String, String> values, Map<String, Integer> lines, String key,
                                Function<String, T> parser) throws DirectiveException {
        String value = values.get(key);
        if (value == null) {
            return null;
        }
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new DirectiveException(lines.get(key), "option '" + key + "': " + e.getMessage());
        }
    }

    private static Integer positive(String value) {
        return atLeast(value, 1);
    }

    /** A sample is the BOS token and at least one token of text. */
    private static Integer sampleLength(String value) {
        Integer number = number(value);
        if (number < 2) {
            throw new IllegalArgumentException("a sample is <|endoftext|> and at least one token of text, so"
                    + " tokens must be 2 or more, found '" + value + "'");
        }
        return number;
    }

    private static Integer number(String value) {
        return atLeast(value, 0);
    }

    /** One message for every value that is not a whole number, is negative or is too small. */
    private static Integer atLeast(String value, int lowest) {
        if (!value.matches("\\d{1,9}") || Integer.parseInt(value) < lowest) {
            throw new IllegalArgumentException("expected a whole number from " + lowest + " up, found '" + value
                    + "'");
        }
        return Integer.valueOf(value);
    }

    /** The block scalar runs over blank and indented lines. */
    private static int blockScalarEnd(List<String> body, int from) {
        int end = from;
        while (end < body.size() && (body.get(end).isBlank() || Character.isWhitespace(body.get(end).charAt(0)))) {
            end++;
        }
        return end;
    }

    /** YAML literal style: the first line's indentation is removed from all lines; trailing blank lines go. */
    private static String blockScalar(List<String> raw, boolean keepFinalNewline) {
        List<String> lines = new ArrayList<>(raw);
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        if (lines.isEmpty()) {
            return "";
        }
        int indent = leading(lines.stream().filter(line -> !line.isBlank()).findFirst().orElseThrow());
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line.substring(Math.min(indent, leading(line)))).append('\n');
        }
        return keepFinalNewline ? text.toString() : text.substring(0, text.length() - 1);
    }

    private static int leading(String line) {
        int count = 0;
        while (count < line.length() && Character.isWhitespace(line.charAt(count))) {
            count++;
        }
        return count;
    }
}
