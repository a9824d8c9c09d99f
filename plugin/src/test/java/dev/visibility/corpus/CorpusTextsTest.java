package dev.visibility.corpus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The three corpus formats, read in file order, and their errors with the file and line. */
class CorpusTextsTest {
    @TempDir
    Path folder;

    @Test
    void aTextFileHasOneTextPerNonEmptyLine() throws Exception {
        Path file = Files.writeString(folder.resolve("corpus.txt"), "first text\n\n  \nsecond “text”\r\nthird\n");

        assertEquals(List.of("first text", "second “text”", "third"), texts(read(file, "text")));
        assertEquals(file + ":4", read(file, "text").get(1).where());
    }

    @Test
    void jsonLinesTakeTheNamedField() throws Exception {
        Path file = Files.writeString(folder.resolve("corpus.jsonl"),
                "{\"text\": \"a\", \"meta\": 1}\n\n{\"body\": \"x\", \"text\": \"b\\nc\"}\n");

        assertEquals(List.of("a", "b\nc"), texts(read(file, "text")));
        assertEquals(file + ":3", read(file, "text").get(1).where());
    }

    @Test
    void jsonLinesErrorsNameTheLine() throws Exception {
        Path file = Files.writeString(folder.resolve("bad.jsonl"), "{\"text\": \"a\"}\n{\"body\": \"b\"}\n[1]\n{oops\n");

        assertEquals(file + ":2: no field 'text'; the fields are [body] (set column: to the one that holds the"
                + " text)", assertThrows(CorpusException.class, () -> read(file, "text")).getMessage());
        Path array = Files.writeString(folder.resolve("array.jsonl"), "[1]\n");
        assertEquals(array + ":1: expected a JSON object with the field 'text', found an array",
                assertThrows(CorpusException.class, () -> read(array, "text")).getMessage());
        Path broken = Files.writeString(folder.resolve("broken.jsonl"), "\n{oops\n");
        assertEquals(broken + ":2: not valid JSON",
                assertThrows(CorpusException.class, () -> read(broken, "text")).getMessage().split(" \\(")[0]);
    }

    @Test
    void parquetTakesTheNamedColumnInFileOrder() throws Exception {
        Path file = folder.resolve("corpus.parquet");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement()) {
            statement.execute("COPY (SELECT * FROM (VALUES (3, 'gamma'), (1, 'alpha'), (2, NULL), (4, 'delta'))"
                    + " AS t(id, content)) TO '" + file + "' (FORMAT parquet)");
        }

        assertEquals(Arrays.asList("gamma", "alpha", null, "delta"), texts(read(file, "content")));
        assertEquals(file + ", row 4", read(file, "content").get(3).where());
        assertEquals(file + ": no column 'text'; the columns are [id, content] (set column: to the one that holds"
                + " the text)", assertThrows(CorpusException.class, () -> read(file, "text")).getMessage());
        assertEquals(file + ": column 'id' holds INTEGER, not text",
                assertThrows(CorpusException.class, () -> read(file, "id")).getMessage());
    }

    @Test
    void otherFilesAreRefusedByName() throws Exception {
        Path csv = Files.writeString(folder.resolve("corpus.csv"), "text\n");
        assertEquals(csv + ": not a corpus file; use .txt (one text per line), .jsonl, .json or .parquet",
                assertThrows(CorpusException.class, () -> read(csv, "text")).getMessage());
        Path missing = folder.resolve("missing.txt");
        assertEquals(missing + ": file not found",
                assertThrows(CorpusException.class, () -> read(missing, "text")).getMessage());
        Path notParquet = Files.writeString(folder.resolve("fake.parquet"), "not parquet");
        assertThrows(CorpusException.class, () -> read(notParquet, "text"));
    }

    private static List<CorpusText> read(Path file, String column) throws CorpusException {
        List<CorpusText> texts = new ArrayList<>();
        try (CorpusTexts corpus = CorpusTexts.open(file, column, note -> { })) {
            for (Optional<CorpusText> text = corpus.next(); text.isPresent(); text = corpus.next()) {
                texts.add(text.get());
            }
        }
        return texts;
    }

    private static List<String> texts(List<CorpusText> texts) {
        return texts.stream().map(CorpusText::text).toList();
    }
}
