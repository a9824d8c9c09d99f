package dev.visibility.corpus;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.visibility.AsciiJson;
import dev.visibility.ByteMutations;
import dev.visibility.Folders;
import dev.visibility.FuzzRun;
import dev.visibility.TestModels;
import dev.visibility.cli.CommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Writes corpus files (TXT, JSON Lines, JSON arrays, Parquet) of random texts, changes them at random, and reads
 * them back, for about 10 seconds with a fixed seed. Every case must give exactly the texts that the file holds,
 * as an independent reading of its bytes finds them, or end in a {@link CorpusException} of one clear line that
 * names the file, and the line or item where that applies: never another exception, a hang, other texts, or a
 * file left behind.
 *
 * <p>{@code -Dvisibility.fuzz.seed=N} and {@code -Dvisibility.fuzz.seconds=S} replay or lengthen a run.
 */
class CorpusFuzzIT {
    /** Pieces of texts: plain words, and what trips up readers and writers of text. */
    private static final List<String> PIECES = List.of("word", "It is done", "naïve café", "日本語", "\uD83D\uDE00",
            "e\u0301", "\u202Eevil", "tab\there", "\"quoted\"", "back\\slash", "{\"json\": 1}", "[1, 2]", "'single'",
            "\u2028", "\u00A0", "\uFEFF", "\u0000", "\u0007", "1e999", "null", "-", "#", "//", "/*", "  ");
    private static final List<String> FORMATS = List.of("txt", "jsonl", "json-lines", "json-array", "parquet");
    /** Values that are no text, for a field that should hold one. */
    private static final List<String> NOT_TEXTS = List.of("5", "-0.0", "1e999", "18446744073709551616", "true",
            "[\"text\"]", "{\"text\": \"x\"}", "[" .repeat(300) + "]".repeat(300));

    /** How many refused files also go through the command line, which loads a model each time. */
    private static final int COMMAND_LINE_RUNS = 10;

    @TempDir
    Path temp;

    private final FuzzRun run = FuzzRun.start("corpus", 19, 10);
    private final Random random = run.random();
    private int commandLineRuns;

    @Test
    void everyDamagedCorpusFileReadsRightOrIsRefusedClearly() throws Exception {
        List<String> workingFolder = Folders.list(Path.of(""));
        for (int index = 0; run.more(); index++) {
            Path folder = Files.createDirectories(temp.resolve("case" + index));
            Case input = generate(folder);
            Outcome outcome = run.within(input.description(), () -> read(input.file()));
            judge(input, outcome);
            if (outcome.error() instanceof CorpusException refusal && commandLineRuns++ < COMMAND_LINE_RUNS) {
                checkCommandLine(input, refusal, temp.resolve("command" + index));
            }
            if (!Folders.list(folder).equals(List.of(input.file().getFileName().toString()))) {
                run.alsoWrong(input.description(), "the folder holds " + Folders.list(folder));
            }
            Folders.delete(folder);
        }
        run.finish(100);
        if (!Folders.list(Path.of("")).equals(workingFolder)) {
            throw new AssertionError("the working folder changed: " + Folders.list(Path.of("")));
        }
    }

    /**
     * A file to read and what reading it must give.
     *
     * @param texts   the texts, where it must be read
     * @param refusal where it must be refused, as the message's start ({@code file:line:}, {@code file, item n:} or
     *                only the file where no reader can know the place)
     * @param either  for what no reader can check (Parquet's damaged bytes): any clean outcome will do
     */
    private record Case(Path file, String description, List<String> texts, String refusal, boolean either) {
    }

    private record Outcome(List<String> texts, Throwable error) {
    }

    /** {@code visibility compute --corpus} on a refused file ends with exit code 1 and the refusal as one line. */
    private void checkCommandLine(Case input, CorpusException refusal, Path folder) {
        Path out = folder.resolve("g.json");
        CommandRun command = run.within(input.description() + ", on the command line", () -> CommandRun.run(
                folder.resolve("cache"), "compute", "--model", TestModels.tinyGpt2().toString(), "--corpus",
                input.file().toString(), "--out", out.toString()));
        if (command.code() != 1 || !command.err().equals("visibility: --corpus: " + refusal.getMessage() + "\n")) {
            run.alsoWrong(input.description(), "the command line ended with " + command.code() + " and "
                    + command.err());
        } else if (Files.exists(out)) {
            run.alsoWrong(input.description(), "the command line wrote " + out);
        }
    }

    private static Outcome read(Path file) {
        List<String> texts = new ArrayList<>();
        try (CorpusTexts corpus = CorpusTexts.open(file, "text", note -> { })) {
            for (Optional<CorpusText> text = corpus.next(); text.isPresent(); text = corpus.next()) {
                texts.add(text.get().text());
            }
            return new Outcome(texts, null);
        } catch (Throwable error) {
            return new Outcome(texts, error);
        }
    }

    private void judge(Case input, Outcome outcome) {
        String description = input.description();
        if (outcome.error() == null) {
            if (input.refusal() != null && !input.either()) {
                run.wrong(description, "read " + outcome.texts() + ", but must be refused at " + input.refusal());
            } else if (input.texts() != null && !input.texts().equals(outcome.texts())) {
                run.wrong(description, "read " + outcome.texts() + " instead of " + input.texts());
            } else {
                run.read();
            }
            return;
        }
        String message = outcome.error().getMessage();
        if (!(outcome.error() instanceof CorpusException)) {
            run.wrong(description, "threw " + outcome.error());
        } else if (!FuzzRun.isOneClearLine(message) || !message.startsWith(input.file().toString())) {
            run.wrong(description, "refused with an unclear message: " + message);
        } else if (input.refusal() == null && !input.either()) {
            run.wrong(description, "refused, but must read " + input.texts() + ": " + message);
        } else if (input.refusal() != null && !input.either() && !message.startsWith(input.refusal())) {
            run.wrong(description, "refused at the wrong place (expected " + input.refusal() + "): " + message);
        } else {
            run.refused();
        }
    }

    private Case generate(Path folder) throws Exception {
        String format = run.pick(FORMATS);
        List<String> texts = new ArrayList<>();
        int count = 1 + random.nextInt(6);
        for (int i = 0; i < count; i++) {
            texts.add(text(format));
        }
        String extension = format.startsWith("json-") ? "json" : format;
        Path file = folder.resolve("corpus." + extension);
        if (format.equals("parquet")) {
            return parquet(file, texts);
        }
        byte[] bytes = format.equals("txt") ? lines(texts) : json(format, texts);
        String written = format + " " + quoted(texts);
        if (random.nextInt(3) == 0) {
            Files.write(file, bytes);
            return expect(file, written + " as written", bytes, format);
        }
        ByteMutations.Mutated mutated = ByteMutations.any(bytes, random);
        Files.write(file, mutated.bytes());
        return expect(file, written + ", " + mutated.description(), mutated.bytes(), format);
    }

    /** A random text that the format can hold: no line break in a line, never blank. */
    private String text(String format) {
        StringBuilder text = new StringBuilder();
        for (int pieces = 1 + random.nextInt(4); pieces > 0; pieces--) {
            text.append(run.pick(PIECES));
            if (random.nextBoolean()) {
                text.append(' ');
            }
        }
        String result = text.toString();
        return result.isBlank() ? result + "x" : result;
    }

    /** One text per line, with line ends and blank lines as editors on any system leave them. */
    private byte[] lines(List<String> texts) {
        StringBuilder file = new StringBuilder(random.nextInt(4) == 0 ? "\uFEFF" : "");
        String end = random.nextBoolean() ? "\n" : "\r\n";
        for (String text : texts) {
            if (random.nextInt(5) == 0) {
                file.append(run.pick(List.of("", " ", "\t", "\u3000"))).append(end);
            }
            file.append(text).append(end);
        }
        if (random.nextBoolean()) {
            file.setLength(file.length() - end.length());
        }
        return file.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** JSON Lines or one JSON array of records, with other fields, nulls and escapes as tools write them. */
    private byte[] json(String format, List<String> texts) {
        StringBuilder file = new StringBuilder(random.nextInt(4) == 0 ? "\uFEFF" : "");
        boolean array = format.equals("json-array");
        String end = random.nextBoolean() ? "\n" : "\r\n";
        file.append(array ? "[" + end : "");
        for (int i = 0; i < texts.size(); i++) {
            JsonObject record = new JsonObject();
            if (random.nextBoolean()) {
                record.addProperty("id", random.nextInt(4) == 0 ? (Number) 1e300 : (Number) i);
            }
            record.addProperty("text", texts.get(i));
            if (random.nextInt(4) == 0) {
                record.add("meta", meta());
            }
            String line = new Gson().toJson(record);
            if (random.nextInt(8) == 0) {
                line = unlikeRecord(line, texts.get(i));
            }
            line = escape(line);
            if (random.nextInt(6) == 0) {
                file.append(end);
            }
            file.append(line).append(array && i < texts.size() - 1 ? "," : "").append(end);
        }
        file.append(array ? "]" + end : "");
        return file.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The record with its text as another type, under another name, twice, or not a record at all. */
    private String unlikeRecord(String line, String text) {
        String value = new Gson().toJson(text);
        return switch (random.nextInt(4)) {
            case 0 -> line.replace("\"text\":" + value, "\"text\":" + run.pick(NOT_TEXTS));
            case 1 -> line.replace("\"text\":", "\"Text\":");
            case 2 -> line.replace("\"text\":", "\"text\":\"first\",\"text\":");
            default -> "[" + line + "]";
        };
    }

    private JsonElement meta() {
        JsonArray nested = new JsonArray();
        JsonArray inner = nested;
        for (int depth = random.nextInt(40); depth > 0; depth--) {
            JsonArray deeper = new JsonArray();
            inner.add(deeper);
            inner = deeper;
        }
        inner.add(run.pick(List.of("x", "\uD800", "日本")));
        return nested;
    }

    /** Sometimes writes every character beyond ASCII as a JSON escape, as Python's json.dumps does. */
    private String escape(String json) {
        return random.nextBoolean() ? json : AsciiJson.of(json);
    }

    private Case parquet(Path file, List<String> texts) throws Exception {
        List<String> column = new ArrayList<>(texts);
        if (random.nextInt(4) == 0) {
            column.set(random.nextInt(column.size()), null);
        }
        boolean integer = random.nextInt(10) == 0;
        boolean otherName = random.nextInt(10) == 0;
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE t (id INTEGER, " + (otherName ? "body" : "text") + " "
                    + (integer ? "INTEGER" : "VARCHAR") + ")");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
                for (int i = 0; i < column.size(); i++) {
                    insert.setInt(1, i);
                    if (integer) {
                        insert.setInt(2, i);
                    } else {
                        insert.setString(2, column.get(i));
                    }
                    insert.executeUpdate();
                }
            }
            statement.execute("COPY t TO '" + file + "' (FORMAT parquet)");
        }
        String written = "parquet " + quoted(column) + (integer ? " as integers" : "")
                + (otherName ? " in column body" : "");
        if (integer || otherName) {
            return new Case(file, written, null, file.toString(), false);
        }
        if (random.nextInt(3) == 0) {
            return new Case(file, written, column, null, false);
        }
        byte[] bytes = Files.readAllBytes(file);
        // Half the damage goes to the footer, where the schema and the row groups are described.
        ByteMutations.Mutated mutated = random.nextBoolean() ? ByteMutations.any(bytes, random)
                : ByteMutations.at(bytes, random, Math.max(0, bytes.length - 400), bytes.length);
        Files.write(file, mutated.bytes());
        return new Case(file, written + ", " + mutated.description(), null, file.toString(), true);
    }

    /** What a file's bytes hold, read independently of the code under test: whole, strictly, line by line. */
    private Case expect(Path file, String description, byte[] bytes, String format) {
        CharBuffer decoded = CharBuffer.allocate(bytes.length + 1);
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CoderResult result = utf8.decode(in, decoded, true);
        boolean malformed = result.isError();
        String content = decoded.flip().toString();
        if (content.startsWith("\uFEFF")) {
            content = content.substring(1);
        }
        if (file.toString().endsWith(".json") && opensArray(content)) {
            return expectArray(file, description, content, malformed);
        }
        String[] lines = content.split("\n", -1);
        List<String> texts = new ArrayList<>();
        for (int number = 1; number <= lines.length; number++) {
            String line = lines[number - 1];
            if (number == lines.length && malformed) {
                // The line that the first malformed byte is on: nothing of it or after it can be read.
                return new Case(file, description, null, file + ":" + number + ":", false);
            }
            line = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (line.isBlank()) {
                continue;
            }
            if (format.equals("txt")) {
                texts.add(line);
                continue;
            }
            Optional<String> text = jsonText(line);
            if (text == null) {
                return new Case(file, description, null, file + ":" + number + ":", false);
            }
            texts.add(text.orElse(null));
        }
        return new Case(file, description, texts, null, false);
    }

    private Case expectArray(Path file, String description, String content, boolean malformed) {
        if (malformed) {
            return new Case(file, description, null, file.toString(), false);
        }
        try {
            JsonElement whole = strict(content);
            List<String> texts = new ArrayList<>();
            int item = 0;
            for (JsonElement record : whole.getAsJsonArray()) {
                item++;
                Optional<String> text = textOf(record);
                if (text == null) {
                    return new Case(file, description, null, file + ", item " + item + ":", false);
                }
                texts.add(text.orElse(null));
            }
            return new Case(file, description, texts, null, false);
        } catch (IOException | RuntimeException notJson) {
            return new Case(file, description, null, file.toString(), false);
        }
    }

    /** Whether the first character that is not a JSON space opens an array. */
    private static boolean opensArray(String content) {
        String start = content.replaceFirst("^[ \t\r\n]+", "");
        return start.startsWith("[");
    }

    /** The text of a JSON record: empty for a null, {@code null} where the line is no such record. */
    private static Optional<String> jsonText(String line) {
        try {
            return textOf(strict(line));
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
    }

    private static Optional<String> textOf(JsonElement record) {
        if (!(record instanceof JsonObject object) || !object.has("text")) {
            return null;
        }
        JsonElement value = object.get("text");
        if (value.isJsonNull()) {
            return Optional.empty();
        }
        return value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()
                ? Optional.of(value.getAsString()) : null;
    }

    /** JSON as RFC 8259 has it (Gson's legacy strictness also lets control characters stand in strings). */
    private static JsonElement strict(String json) throws IOException {
        JsonReader reader = new JsonReader(new StringReader(json));
        reader.setStrictness(Strictness.LEGACY_STRICT);
        JsonElement element = new Gson().getAdapter(JsonElement.class).read(reader);
        if (reader.peek() != JsonToken.END_DOCUMENT) {
            throw new IOException("more after the value");
        }
        return element;
    }

    private static String quoted(List<String> texts) {
        return texts.stream().map(text -> text == null ? "null" : new Gson().toJson(text)).toList().toString();
    }
}
