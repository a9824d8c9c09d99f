package dev.visibility.model;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TokenDisplayTest {
    private static final String BYTE_FALLBACK_MODEL = "\"model\": {\"type\": \"BPE\", \"byte_fallback\": true}";

    @Test
    void aByteLevelDecoderMeansByteLevelTokens() {
        TokenDisplay display = display("{\"decoder\": {\"type\": \"ByteLevel\"}}");

        assertEquals(List.of("Hello", " world", "\\n"), display.display(new long[] {1, 2, 3},
                new String[] {"Hello", "Ġworld", "Ċ"}));
    }

    @Test
    void aByteLevelStepInAPreTokenizerSequenceMeansByteLevelTokens() {
        // Qwen2 splits with a regex first, then maps bytes; a tokenizer.json may also leave the decoder out.
        TokenDisplay display = display("{\"pre_tokenizer\": {\"type\": \"Sequence\", \"pretokenizers\": ["
                + "{\"type\": \"Split\"}, {\"type\": \"ByteLevel\"}]}, \"decoder\": null}");

        assertEquals(List.of(" world"), display.display(new long[] {1}, new String[] {"Ġworld"}));
    }

    @Test
    void metaspaceTokensShowTheirSpacesAndByteFallbackTokensJoinIntoOneCharacter() {
        TokenDisplay display = display("{\"decoder\": {\"type\": \"Metaspace\", \"replacement\": \"▁\"}, "
                + BYTE_FALLBACK_MODEL + "}");

        assertEquals(List.of(" play", " ", "“(1/3)", "“(2/3)", "“(3/3)", "Sur"), display.display(
                new long[] {1, 2, 3, 4, 5, 6}, new String[] {"▁play", "▁", "<0xE2>", "<0x80>", "<0x9C>", "Sur"}));
    }

    @Test
    void byteFallbackTokensForControlCharactersAreShownEscaped() {
        TokenDisplay display = display("{\"decoder\": {\"type\": \"Sequence\", \"decoders\": [{\"type\": \"Replace\","
                + " \"pattern\": {\"String\": \"▁\"}, \"content\": \" \"}, {\"type\": \"ByteFallback\"},"
                + " {\"type\": \"Fuse\"}]}}");

        assertEquals(List.of("end", "\\n", "\\t"), display.display(new long[] {1, 2, 3},
                new String[] {"end", "<0x0A>", "<0x09>"}));
    }

    @Test
    void withoutByteFallbackAByteLikeTokenIsOrdinaryText() {
        TokenDisplay display = display("{\"decoder\": {\"type\": \"Metaspace\"}, \"model\": {\"type\": \"BPE\"}}");

        assertEquals(List.of("<0xE2>"), display.display(new long[] {1}, new String[] {"<0xE2>"}));
    }

    @Test
    void specialTokensAreShownAsWrittenWhileOtherAddedTokensAreDecoded() {
        TokenDisplay display = display("{\"decoder\": {\"type\": \"Metaspace\"}, " + BYTE_FALLBACK_MODEL + ", "
                + "\"added_tokens\": [{\"id\": 1, \"content\": \"<bos>\", \"special\": true},"
                + " {\"id\": 2, \"content\": \"<0x0A>\", \"special\": true},"
                + " {\"id\": 3, \"content\": \"▁▁\", \"special\": false}]}");

        assertEquals(List.of("<bos>", "<0x0A>", "  "), display.display(new long[] {1, 2, 3},
                new String[] {"<bos>", "<0x0A>", "▁▁"}));
    }

    private static TokenDisplay display(String tokenizerJson) {
        JsonObject json = JsonParser.parseString(tokenizerJson).getAsJsonObject();
        return TokenDisplay.of(json);
    }
}
