package dev.visibility.model;

import dev.visibility.TestModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Gpt2TokenizerTest {
    private static Gpt2Tokenizer tokenizer;

    @BeforeAll
    static void load() throws Exception {
        tokenizer = Gpt2Tokenizer.load(TestModels.tinyGpt2());
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    @Test
    void endOfTextWrittenInTheTextIsTheSpecialToken() {
        TokenizedText text = tokenizer.encode("<|endoftext|>The cat", 64);
        assertEquals(316, text.ids()[0]);
        assertEquals("<|endoftext|>", text.tokens().get(0));
    }

    @Test
    void byteLevelSpacesAreShownAsSpaces() {
        TokenizedText text = tokenizer.encode("The cat sat on the mat.", 64);
        assertEquals(List.of("T", "he", " c", "at", " s", "at", " on", " the", " ", "m", "at", "."), text.tokens());
    }

    @Test
    void newlinesAndTabsAreShownVisibly() {
        TokenizedText text = tokenizer.encode("a\nb\tc", 64);
        assertEquals(List.of("a", "\\n", "b", "\\t", "c"), text.tokens());
    }

    @Test
    void aCharacterSplitAcrossTokensIsShownWithItsBytePart() {
        // The tiny vocabulary has no merge for the curly quote, so each of its three UTF-8 bytes is one token.
        TokenizedText text = tokenizer.encode("play “Survival", 64);
        assertArrayEquals(new long[] {158, 222, 250}, java.util.Arrays.copyOfRange(text.ids(), 3, 6));
        assertEquals(List.of("“(1/3)", "“(2/3)", "“(3/3)"), text.tokens().subList(3, 6));
        for (String token : text.tokens()) {
            assertTrue(!token.contains("\uFFFD"), "replacement character in " + text.tokens());
        }
    }

    @Test
    void emptyTextIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> tokenizer.encode("", 64));
        assertEquals("the text is empty; give at least one token of text", error.getMessage());
    }

    @Test
    void textLongerThanTheContextIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> tokenizer.encode("a".repeat(65), Integer.MAX_VALUE));
        assertEquals("the text has 65 tokens, more than the model's context length (n_positions) of 64; shorten the text",
                error.getMessage());
    }

    @Test
    void textLongerThanTheConfiguredMaximumIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> tokenizer.encode("a b c d e f", 5));
        assertTrue(error.getMessage().contains("more than the configured maximum of 5"), error.getMessage());
    }

    @Test
    void aHugeTextIsRefusedByItsLengthWithoutTokenizingIt() {
        String huge = "word ".repeat(4_000_000); // 20 MB: tokenizing it would take minutes and gigabytes

        IllegalArgumentException error = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(IllegalArgumentException.class, () -> tokenizer.encode(huge, 32)));

        assertEquals("the text has 20000000 characters, far more than the configured maximum of 32 tokens can hold;"
                + " shorten the text", error.getMessage());
    }

    @Test
    void textsBeyondTheTokenizerLibrarysDefault512AreNotTruncated(@TempDir Path folder) throws Exception {
        CheckpointVariants.copyTokenizerAndConfig(folder);
        Files.writeString(folder.resolve("config.json"),
                Files.readString(folder.resolve("config.json")).replace("\"n_positions\": 64", "\"n_positions\": 1024"));
        try (Gpt2Tokenizer longContext = Gpt2Tokenizer.load(folder)) {
            assertEquals(600, longContext.encode("a".repeat(600), Integer.MAX_VALUE).size());
        }
    }
}
