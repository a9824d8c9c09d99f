package dev.visibility.cli;

import dev.visibility.pipeline.Directive;
import dev.visibility.pipeline.DirectiveException;
import dev.visibility.pipeline.DirectiveParser;
import dev.visibility.pipeline.FencedBlock;
import dev.visibility.pipeline.FencedBlocks;
import dev.visibility.pipeline.RepeatedOptionException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The block that {@code export} and {@code compute} build, assembled from the command line: the lines of
 * {@code --block FILE}, then one {@code key: value} line per option flag, read by the same parser as a block in a
 * post. So a flag is checked exactly as the option in a post would be, and every complaint names the file line or
 * the flag to fix.
 */
final class CommandLineBlock {
    /**
     * The block options that have a flag of the same name: every option of the parser but {@code text}, which has
     * {@code --text} and {@code --text-file}. A new block option becomes a flag by being added to the parser.
     */
    static final List<String> OPTIONS = DirectiveParser.OPTIONS.stream().filter(option -> !option.equals("text"))
            .toList();

    /** Far more than any context holds (the tokenizer refuses long texts by length too), but never gigabytes. */
    private static final long MAX_FILE_BYTES = 16L << 20;

    /** The source of a block without a file, in its complaints: they come after the program's name. */
    private static final String NO_FILE = "visibility";
    private static final List<String> SOURCE_FLAGS = List.of("--text", "--text-file", "--corpus");

    private final String source;
    private final Map<Integer, String> flagLines;
    private final Directive directive;

    private CommandLineBlock(String source, Map<Integer, String> flagLines, Directive directive) {
        this.source = source;
        this.flagLines = flagLines;
        this.directive = directive;
    }

    /** @throws UsageException for a missing or doubled source, an unreadable file, or a block that does not parse */
    static CommandLineBlock of(Arguments arguments) throws UsageException, IOException {
        int sources = (arguments.has("block") ? 1 : 0) + (arguments.has("text") ? 1 : 0)
                + (arguments.has("text-file") ? 1 : 0) + (arguments.has("corpus") ? 1 : 0);
        if (sources != 1) {
            throw new UsageException("give exactly one of --block, --text, --text-file and --corpus");
        }
        List<String> lines = new ArrayList<>();
        String source = NO_FILE;
        if (arguments.has("block")) {
            Path file = Path.of(arguments.required("block"));
            lines.addAll(blockLines(file, readable(file, "--block")));
            source = file.toString();
        }
        Map<Integer, String> flagLines = new HashMap<>();
        for (String option : OPTIONS) {
            if (arguments.has(option)) {
                String value = arguments.required(option);
                if (value.contains("\n")) {
                    throw new UsageException("--" + option + " must be one line");
                }
                lines.add(option + ": " + value);
                flagLines.put(lines.size(), "--" + option);
            }
        }
        String text = text(arguments);
        if (text != null) {
            // The parser wants a text line; the text itself is put in whole afterwards, since a flag's text may
            // start with spaces or span lines, which a `text:` line would trim or re-indent.
            lines.add("text: " + (arguments.has("text") ? "--text" : "--text-file"));
            flagLines.put(lines.size(), arguments.has("text") ? "--text" : "--text-file");
        }
        try {
            Directive parsed = DirectiveParser.parse(new FencedBlock(0, lines.size() + 1, lines));
            return new CommandLineBlock(source, flagLines, text == null ? parsed : parsed.withText(text));
        } catch (DirectiveException e) {
            throw error(source, flagLines, e);
        }
    }

    Directive directive() {
        return directive;
    }

    /**
     * Where the block comes from, for progress lines: the file, or the flag that gave its text or corpus (the
     * program's own name would leave a line such as {@code visibility: 3 of 13 heatmaps computed} without context).
     */
    String label() {
        if (!source.equals(NO_FILE)) {
            return source;
        }
        return flagLines.values().stream().filter(SOURCE_FLAGS::contains).findFirst().orElse(source);
    }

    /** The complaint about the block, at the flag or the line of the file where it can be fixed. */
    UsageException error(DirectiveException problem) {
        return error(source, flagLines, problem);
    }

    private static UsageException error(String source, Map<Integer, String> flagLines, DirectiveException problem) {
        if (problem instanceof RepeatedOptionException repeated) {
            // The parser counts lines back from the second, which means nothing when one of them is a flag.
            return new UsageException("option '" + repeated.option() + "' is given twice, at "
                    + where(source, flagLines, repeated.firstLine()) + " and at "
                    + where(source, flagLines, repeated.line()) + "; keep one");
        }
        return new UsageException(where(source, flagLines, problem.line()) + ": " + problem.reason());
    }

    /** The flag that became {@code line}, or the file line, as {@code FILE:LINE}. */
    private static String where(String source, Map<Integer, String> flagLines, int line) {
        String flag = flagLines.get(line);
        return flag != null ? flag : line > 0 ? source + ":" + line : source;
    }

    /** The body of the file's one {@code ```visibility} block if it has fences, otherwise all of its lines. */
    private static List<String> blockLines(Path file, String content) throws UsageException {
        List<String> lines = List.of(content.split("\\R", -1));
        try {
            List<FencedBlock> blocks = FencedBlocks.find(lines);
            if (blocks.size() > 1) {
                throw new UsageException(file + ": has " + blocks.size() + " visibility blocks; export makes one"
                        + " figure, so give a file with one");
            }
            if (blocks.size() == 1) {
                // Blank lines keep the file's line numbers for messages.
                List<String> body = new ArrayList<>(Collections.nCopies(blocks.get(0).openLine(), ""));
                body.addAll(blocks.get(0).lines());
                return body;
            }
            return lines;
        } catch (DirectiveException e) {
            throw new UsageException(file + ":" + e.line() + ": " + e.reason());
        }
    }

    private static String text(Arguments arguments) throws UsageException, IOException {
        if (arguments.has("text")) {
            String text = arguments.required("text");
            if (text.isEmpty()) {
                throw new UsageException("--text is empty");
            }
            return text;
        }
        if (arguments.has("text-file")) {
            return readable(Path.of(arguments.required("text-file")), "--text-file");
        }
        return null;
    }

    private static String readable(Path file, String flag) throws UsageException, IOException {
        if (!Files.isRegularFile(file)) {
            throw new UsageException(flag + " " + file + ": file not found");
        }
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new UsageException(flag + " " + file + " has " + Files.size(file) + " bytes; GPT-2 reads at most"
                    + " a few thousand tokens, so give a shorter text");
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
