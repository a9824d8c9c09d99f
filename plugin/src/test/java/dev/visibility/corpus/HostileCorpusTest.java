package dev.visibility.corpus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Corpus files as a careless or hostile author writes them: each is read literally, fully, and within bounds. */
class HostileCorpusTest {
    @TempDir
    Path folder;

    private final List<String> notes = new ArrayList<>();

    @Test
    void aParquetPathIsOneFileWhateverCharactersItHolds() throws Exception {
        for (String name : List.of("d1", "d2", "d*", "br1", "br[12]", "q?x", "qax")) {
            parquet(name + ".parquet", name);
        }
        for (String name : List.of("d*", "br[12]", "q?x")) {
            assertEquals(List.of(name), texts(folder.resolve(name + ".parquet"), "text"), name);
        }
    }

    @Test
    void aDamagedParquetFooterIsDescribedWithoutTheDecodersClassNames() throws Exception {
        byte[] good = Files.readAllBytes(parquet("good.parquet", "text"));
        int footer = good.length - 8 - ByteBuffer.wrap(good, good.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        for (int at = footer; at < good.length - 8; at++) {
            byte[] damaged = good.clone();
            damaged[at] = (byte) 0xFF;
            Path file = Files.write(folder.resolve("damaged.parquet"), damaged);
            try {
                texts(file, "text");
            } catch (CorpusException e) {
                assertFalse(e.getMessage().contains("Exception"), "byte " + at + ": " + e.getMessage());
            }
        }
    }

    @Test
    void aFileNamedTwiceIsReadOnce() throws Exception {
        Path file = parquet("data-0.parquet", "once");
        try (CorpusTexts texts = CorpusTexts.open(List.of(file, file), "text", notes::add)) {
            assertEquals("once", texts.next().orElseThrow().text());
            assertTrue(texts.next().isEmpty());
        }
    }

    @Test
    void aHugeTextLineIsReadOnlyAsFarAsASampleNeeds() throws Exception {
        Path file = folder.resolve("one-line.txt");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < 1_000_000; i++) {
                out.write("word ");
            }
            out.write("\nsecond\n");
        }
        List<CorpusText> texts = read(file, "text");
        assertEquals(CorpusSamples.MAX_CHARACTERS + 1, texts.get(0).text().length());
        assertEquals("second", texts.get(1).text());
        assertEquals(List.of(file + ":1: the line is longer than 100000 characters; only its beginning is read, as"
                + " for every such line of this file"), notes);
    }

    @Test
    void aJsonLineTooLongToParseIsSkippedWithANote() throws Exception {
        Path file = folder.resolve("long.jsonl");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("{\"text\": \"");
            out.write("x".repeat(JsonLinesTexts.MAX_LINE));
            out.write("\"}\n{\"text\": \"short\"}\n");
        }
        assertEquals(List.of("short"), texts(file, "text"));
        assertEquals(List.of(file + ":1: the line is longer than " + JsonLinesTexts.MAX_LINE + " characters;"
                + " skipped"), notes);
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstText() throws Exception {
        Path txt = Files.writeString(folder.resolve("bom.txt"), "\uFEFFHello\n");
        Path jsonl = Files.writeString(folder.resolve("bom.jsonl"), "\uFEFF{\"text\": \"Hi\"}\n");
        Path json = Files.writeString(folder.resolve("bom.json"), "\uFEFF[{\"text\": \"Hey\"}]");
        assertEquals(List.of("Hello"), texts(txt, "text"));
        assertEquals(List.of("Hi"), texts(jsonl, "text"));
        assertEquals(List.of("Hey"), texts(json, "text"));
    }

    @Test
    void aByteThatIsNotUtf8IsReportedOnItsOwnLine() throws Exception {
        byte[] good = "first\nsecond\n\n".getBytes(StandardCharsets.UTF_8);
        byte[] records = "{\"text\": \"first\"}\n{\"text\": \"second\"}\n\n".getBytes(StandardCharsets.UTF_8);
        for (Path file : List.of(withBadByte(folder.resolve("bad.txt"), good),
                withBadByte(folder.resolve("bad.jsonl"), records))) {
            assertEquals(file + ":4: not UTF-8 text",
                    assertThrows(CorpusException.class, () -> read(file, "text")).getMessage());
        }
    }

    /** {@code lines}, then a line with a byte that UTF-8 never has. */
    private static Path withBadByte(Path file, byte[] lines) throws IOException {
        Files.write(file, lines);
        Files.write(file, new byte[] {'b', 'a', 'd', (byte) 0xFF, '\n'}, java.nio.file.StandardOpenOption.APPEND);
        return file;
    }

    @Test
    void aJsonFileThatStartsLikeAByteOrderMarkIsNoArray() throws Exception {
        // EF B3 BF is U+FCFF; only EF BB BF is the mark.
        Path file = Files.writeString(folder.resolve("fcff.json"), "\uFCFF[{\"text\": \"a\"}]");
        String message = assertThrows(CorpusException.class, () -> read(file, "text")).getMessage();
        assertTrue(message.startsWith(file + ":1: not valid JSON ("), message);
    }

    @Test
    void aJsonFileCutInsideItsByteOrderMarkIsNoUtf8() throws Exception {
        Path file = Files.write(folder.resolve("cut.json"), new byte[] {(byte) 0xEF, (byte) 0xBB});
        assertEquals(file + ":1: not UTF-8 text",
                assertThrows(CorpusException.class, () -> read(file, "text")).getMessage());
    }

    @Test
    void aJsonFileMayHoldOneArrayOfRecords() throws Exception {
        Path file = Files.writeString(folder.resolve("records.json"),
                " [\n {\"text\": \"first\"},\n {\"text\": null}, {\"text\": \"third\", \"n\": 3}\n]\n");
        assertEquals(java.util.Arrays.asList("first", null, "third"), texts(file, "text"));
        Path bad = Files.writeString(folder.resolve("bad.json"), "[{\"text\": \"a\"}, {\"text\": 5}]");
        assertEquals(bad + ", item 2: the field 'text' is a number, not a string",
                assertThrows(CorpusException.class, () -> read(bad, "text")).getMessage());
    }

    @Test
    void fieldNamesWithLineBreaksAreListedOnOneLine() throws Exception {
        Path file = Files.writeString(folder.resolve("names.jsonl"), "{\"te\\r\\nxt\": \"a\"}\n");
        assertEquals(file + ":1: no field 'text'; the fields are [te\\u000d\\u000axt] (set column: to the one that"
                + " holds the text)", assertThrows(CorpusException.class, () -> read(file, "text")).getMessage());
    }

    @Test
    void aFieldThatIsNoStringSaysSo() throws Exception {
        Path file = Files.writeString(folder.resolve("number.jsonl"), "{\"text\": 5}\n");
        assertEquals(file + ":1: the field 'text' is a number, not a string",
                assertThrows(CorpusException.class, () -> read(file, "text")).getMessage());
    }

    @Test
    void brokenJsonIsDescribedWithoutTheParsersInternals() throws Exception {
        Path file = Files.writeString(folder.resolve("broken.jsonl"), "{\"text\": \"abc\n");
        String message = assertThrows(CorpusException.class, () -> read(file, "text")).getMessage();
        assertEquals(file + ":1: not valid JSON (Unterminated string at column 14)", message);
        Path array = Files.writeString(folder.resolve("broken.json"), "[{\"text\": \"a\"}, {\"text\" \"b\"}]");
        String arrayMessage = assertThrows(CorpusException.class, () -> read(array, "text")).getMessage();
        assertTrue(arrayMessage.startsWith(array + ", item 2: not valid JSON (Expected ':'"), arrayMessage);
        assertFalse(arrayMessage.contains("gson") || arrayMessage.contains("Exception"), arrayMessage);
    }

    @Test
    void aBrokenJsonArrayIsDescribedInOneLineAtItsItem() throws Exception {
        Path comma = Files.writeString(folder.resolve("comma.json"), "[{\"text\": \"a\"}\n {\"text\": \"b\"}]");
        assertEquals(comma + ", item 2: not valid JSON (Unterminated array at line 2 column 3)",
                assertThrows(CorpusException.class, () -> read(comma, "text")).getMessage());
        Path cut = Files.writeString(folder.resolve("cut.json"), "[{\"text\": \"a\"},\n");
        assertEquals(cut + ", item 2: not valid JSON (End of input at line 2 column 1)",
                assertThrows(CorpusException.class, () -> read(cut, "text")).getMessage());
        Path twice = Files.writeString(folder.resolve("twice.json"), "[{\"text\": \"a\"}]\n[]");
        assertEquals(twice + ": more text after the JSON array",
                assertThrows(CorpusException.class, () -> read(twice, "text")).getMessage());
        Path bytes = withBadByte(folder.resolve("bytes.json"), "[{\"text\": \"a\"},\n{\"text\": \"".getBytes(
                StandardCharsets.UTF_8));
        assertEquals(bytes + ", item 2: not UTF-8 text",
                assertThrows(CorpusException.class, () -> read(bytes, "text")).getMessage());
    }

    @Test
    void aFieldNameWithALineSeparatorStaysOutOfTheMessage() throws Exception {
        Path file = Files.writeString(folder.resolve("separator.jsonl"), "{\"te\\u2028xt\" \"a\"}\n");
        assertEquals(file + ":1: not valid JSON (Expected ':' at column 16)",
                assertThrows(CorpusException.class, () -> read(file, "text")).getMessage());
    }

    @Test
    void whatIsNotJsonIsRefusedNotGuessedAt() throws Exception {
        // A damaged quote made Gson's lenient parser read the text 'a"' here.
        Path quote = Files.writeString(folder.resolve("quote.jsonl"), "{\"text\": \"ok\"}\n{\"text\": a\"}\n");
        assertTrue(assertThrows(CorpusException.class, () -> read(quote, "text")).getMessage()
                .startsWith(quote + ":2: not valid JSON ("));
        Path python = Files.writeString(folder.resolve("python.json"), "[{'text': 'a'}]");
        assertTrue(assertThrows(CorpusException.class, () -> read(python, "text")).getMessage()
                .startsWith(python + ", item 1: not valid JSON ("));
        Path unquoted = Files.writeString(folder.resolve("unquoted.jsonl"), "{text=a; n=1}\n");
        assertTrue(assertThrows(CorpusException.class, () -> read(unquoted, "text")).getMessage()
                .startsWith(unquoted + ":1: not valid JSON ("));
    }

    @Test
    void nullsInJsonLinesAndParquetAreCountedAlike() throws Exception {
        Path jsonl = Files.writeString(folder.resolve("nulls.jsonl"),
                "{\"text\": \"abcd\"}\n{\"text\": null}\n{\"text\": \"efgh\"}\n");
        Path parquet = folder.resolve("nulls.parquet");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement()) {
            statement.execute("COPY (SELECT * FROM (VALUES ('abcd'), (NULL), ('efgh')) AS t(text)) TO '" + parquet
                    + "' (FORMAT parquet)");
        }
        for (Path file : List.of(jsonl, parquet)) {
            CorpusSamples samples;
            try (CorpusTexts texts = CorpusTexts.open(file, "text", notes::add)) {
                samples = CorpusSamples.select(texts, HostileCorpusTest::characters, 9, 3, 5,
                        CorpusSamples.Search.SILENT);
            }
            assertEquals(2, samples.ids().size(), file.toString());
            assertEquals(1, samples.missing(), file.toString());
        }
    }

    @Test
    void columnsWhoseNamesDifferOnlyInCaseAreTakenByTheirExactName() throws Exception {
        // DuckDB cannot write names that differ only in case, so the file is written with 'texx' and 'Texy' in
        // place of 'text' and 'Text', and the names are changed in the footer: Parquet stores them as plain bytes.
        Path written = folder.resolve("cases.parquet");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement()) {
            statement.execute("COPY (SELECT {'TEXT': 1, 'id': 2} AS meta, 'upper' AS \"TEXT\", 'lower' AS texx,"
                    + " 3 AS \"Texy\") TO '" + written + "' (FORMAT parquet)");
        }
        String bytes = new String(Files.readAllBytes(written), StandardCharsets.ISO_8859_1);
        Path file = Files.write(folder.resolve("cases-renamed.parquet"),
                bytes.replace("texx", "text").replace("Texy", "Text").getBytes(StandardCharsets.ISO_8859_1));

        assertEquals(List.of("lower"), texts(file, "text"));
        assertEquals(List.of("upper"), texts(file, "TEXT"));
        assertEquals(file + ": column 'Text' holds INTEGER, not text",
                assertThrows(CorpusException.class, () -> texts(file, "Text")).getMessage());
        assertEquals(file + ": no column 'tExt'; the columns are [meta, TEXT, text, Text] (set column: to the one"
                + " that holds the text)", assertThrows(CorpusException.class, () -> texts(file, "tExt")).getMessage());
    }

    @Test
    void theSearchReportsEveryTextAndStopsWhenEnoughAreFound() throws Exception {
        Path file = Files.writeString(folder.resolve("many.txt"), "a\nabcd\nb\nefgh\nijkl\nmnop\n");
        List<String> progress = new ArrayList<>();
        try (CorpusTexts texts = CorpusTexts.open(file, "text", notes::add)) {
            CorpusSamples.select(texts, HostileCorpusTest::characters, 9, 3, 2,
                    (read, found) -> progress.add(read + "/" + found));
            assertEquals("ijkl", texts.next().orElseThrow().text(), "the search stopped after the second sample");
        }
        assertEquals(List.of("1/0", "2/0", "3/1", "4/1"), progress);
    }

    private static long[] characters(String text) {
        return text.chars().asLongStream().toArray();
    }

    private Path parquet(String name, String text) throws Exception {
        Path plain = folder.resolve("plain.parquet");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement()) {
            statement.execute("COPY (SELECT '" + text + "' AS text) TO '" + plain + "' (FORMAT parquet)");
        }
        return Files.move(plain, folder.resolve(name));
    }

    private List<String> texts(Path file, String column) throws CorpusException {
        return read(file, column).stream().map(CorpusText::text).toList();
    }

    private List<CorpusText> read(Path file, String column) throws CorpusException {
        List<CorpusText> texts = new ArrayList<>();
        try (CorpusTexts corpus = CorpusTexts.open(file, column, notes::add)) {
            for (Optional<CorpusText> text = corpus.next(); text.isPresent(); text = corpus.next()) {
                texts.add(text.get());
            }
        }
        return texts;
    }
}
