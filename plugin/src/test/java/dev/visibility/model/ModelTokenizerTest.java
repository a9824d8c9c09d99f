package dev.visibility.model;

import dev.visibility.TestModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelTokenizerTest {
    private static final String T30 = "The cat sat on the mat. A hidden state can see the past.";
    private static final String T35 = "It is done, and submitted. You can play “Survival of the Tastiest";

    private static ModelTokenizer tokenizer;

    @BeforeAll
    static void load() throws Exception {
        tokenizer = ModelTokenizer.load(TestModels.tinyGpt2());
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
        try (ModelTokenizer longContext = ModelTokenizer.load(folder)) {
            assertEquals(600, longContext.encode("a".repeat(600), Integer.MAX_VALUE).size());
        }
    }

    /**
     * Each fixture's {@code expected.json} holds the ids that the model's own tokenizer gave. Pythia and Qwen add
     * nothing, so the post writes {@code <|endoftext|>}; Llama 3 and Gemma put their BOS (317) in front themselves.
     */
    static Stream<Arguments> fixtureTexts() {
        String eot = "<|endoftext|>";
        Stream<Arguments> newFamilies = Stream.of(
                Arguments.of("tiny-pythia", "t30-raw", eot + T30), Arguments.of("tiny-pythia", "t35-raw", eot + T35),
                Arguments.of("tiny-qwen2", "t30-raw", eot + T30), Arguments.of("tiny-qwen2", "t35-raw", eot + T35),
                Arguments.of("tiny-qwen3", "t30-raw", eot + T30), Arguments.of("tiny-qwen3", "t35-raw", eot + T35),
                Arguments.of("tiny-llama", "t30-raw", T30), Arguments.of("tiny-llama", "t35-raw", T35),
                Arguments.of("tiny-gemma2", "t30-raw", T30), Arguments.of("tiny-gemma2", "t35-raw", T35));
        Stream<Arguments> gpt2 = Stream.of("seed", "cat").map(name -> Arguments.of("tiny-gpt2", name,
                TestModels.json("/tiny-gpt2/expected.json").getAsJsonObject(name).get("text").getAsString()));
        return Stream.concat(newFamilies, gpt2);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("fixtureTexts")
    void eachFixturesTokenizerGivesTheExpectedIds(String fixture, String name, String text) throws Exception {
        try (ModelTokenizer own = ModelTokenizer.load(TestModels.resource("/" + fixture))) {
            assertArrayEquals(expectedIds(fixture, name), own.encode(text, Integer.MAX_VALUE).ids());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"tiny-llama, <|begin_of_text|>", "tiny-gemma2, <bos>"})
    void aBosWrittenInFrontOfTheTextThatTheTokenizerAddsAnywayIsReadOnce(String fixture, String bos) throws Exception {
        try (ModelTokenizer own = ModelTokenizer.load(TestModels.resource("/" + fixture))) {
            TokenizedText text = own.encode(bos + T30, Integer.MAX_VALUE);

            assertArrayEquals(expectedIds(fixture, "t30-raw"), text.ids());
            assertEquals(bos, text.tokens().get(0));
            assertEquals(List.of("T", "he"), text.tokens().subList(1, 3));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"tiny-llama, <|begin_of_text|>", "tiny-gemma2, <bos>"})
    void aBosWrittenTwiceIsReadTwice(String fixture, String bos) throws Exception {
        try (ModelTokenizer own = ModelTokenizer.load(TestModels.resource("/" + fixture))) {
            long[] ids = own.encode(bos + bos + "The", Integer.MAX_VALUE).ids();

            assertArrayEquals(new long[] {317, 317}, Arrays.copyOf(ids, 2));
            assertTrue(ids[2] != 317, Arrays.toString(ids));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"tiny-llama", "tiny-gemma2", "tiny-qwen2"})
    void corpusIdsHaveNoSpecialTokenAdded(String fixture) throws Exception {
        try (ModelTokenizer own = ModelTokenizer.load(TestModels.resource("/" + fixture))) {
            long[] expected = expectedIds(fixture, "t30-raw");

            assertArrayEquals(Arrays.copyOfRange(expected, 1, expected.length), own.ids(T30));
        }
    }

    @Test
    void aContextLengthFromMaxPositionEmbeddingsIsNamedSo() throws Exception {
        try (ModelTokenizer llama = ModelTokenizer.load(TestModels.resource("/tiny-llama"))) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> llama.encode("a".repeat(256), Integer.MAX_VALUE));

            assertEquals("the text has 257 tokens, more than the model's context length (max_position_embeddings)"
                    + " of 256; shorten the text", error.getMessage());
        }
    }

    /**
     * A SentencePiece vocabulary as Gemma's is laid out: {@code ▁} stands for a space, and a character missing from
     * the vocabulary is spelled by its UTF-8 bytes ({@code “} is E2 80 9C), one byte-fallback token each.
     */
    @Test
    void sentencePieceSpacesAndByteFallbackTokensAreShownAsText(@TempDir Path folder) throws Exception {
        Files.copy(TestModels.resource("/tiny-gemma2/config.json"), folder.resolve("config.json"));
        Files.writeString(folder.resolve("tokenizer.json"), SENTENCE_PIECE_TOKENIZER);

        try (ModelTokenizer sentencePiece = ModelTokenizer.load(folder)) {
            TokenizedText text = sentencePiece.encode("“hello world\n", 64);

            assertArrayEquals(new long[] {1, 2, 3, 4, 16, 21, 22}, text.ids());
            assertEquals(List.of("<bos>", "“(1/3)", "“(2/3)", "“(3/3)", "hello", " world", "\\n"), text.tokens());
        }
    }

    private static final String SENTENCE_PIECE_TOKENIZER = """
            {
              "version": "1.0",
              "truncation": null,
              "padding": null,
              "added_tokens": [
                {"id": 0, "content": "<unk>", "single_word": false, "lstrip": false, "rstrip": false,
                 "normalized": false, "special": true},
                {"id": 1, "content": "<bos>", "single_word": false, "lstrip": false, "rstrip": false,
                 "normalized": false, "special": true}
              ],
              "normalizer": {"type": "Replace", "pattern": {"String": " "}, "content": "▁"},
              "pre_tokenizer": null,
              "post_processor": {
                "type": "TemplateProcessing",
                "single": [{"SpecialToken": {"id": "<bos>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
                "pair": [{"SpecialToken": {"id": "<bos>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                         {"Sequence": {"id": "B", "type_id": 1}}],
                "special_tokens": {"<bos>": {"id": "<bos>", "ids": [1], "tokens": ["<bos>"]}}
              },
              "decoder": {
                "type": "Sequence",
                "decoders": [
                  {"type": "Replace", "pattern": {"String": "▁"}, "content": " "},
                  {"type": "ByteFallback"},
                  {"type": "Fuse"}
                ]
              },
              "model": {
                "type": "BPE",
                "dropout": null,
                "unk_token": "<unk>",
                "continuing_subword_prefix": null,
                "end_of_word_suffix": null,
                "fuse_unk": true,
                "byte_fallback": true,
                "vocab": {
                  "<unk>": 0, "<bos>": 1, "<0xE2>": 2, "<0x80>": 3, "<0x9C>": 4, "▁": 5,
                  "h": 6, "e": 7, "l": 8, "o": 9, "w": 10, "r": 11, "d": 12,
                  "he": 13, "hel": 14, "hell": 15, "hello": 16,
                  "▁w": 17, "▁wo": 18, "▁wor": 19, "▁worl": 20, "▁world": 21, "<0x0A>": 22
                },
                "merges": ["h e", "he l", "hel l", "hell o", "▁ w", "▁w o", "▁wo r", "▁wor l", "▁worl d"]
              }
            }
            """;

    private static long[] expectedIds(String fixture, String name) {
        return TestModels.longs(TestModels.json("/" + fixture + "/expected.json").getAsJsonObject(name)
                .getAsJsonArray("ids"));
    }
}
