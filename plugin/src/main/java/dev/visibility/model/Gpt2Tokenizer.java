package dev.visibility.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.visibility.io.LogText;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GPT-2's byte-level BPE tokenizer, from a model folder's {@code tokenizer.json}.
 *
 * <p>No special tokens are added and nothing is truncated or padded: the ids are exactly the text's tokens, and
 * {@code <|endoftext|>} written in the text is the special token.
 */
public final class Gpt2Tokenizer implements AutoCloseable {
    /**
     * No BPE token of a GPT-2-family vocabulary is anywhere near this many characters long, so a text longer than
     * this times the token limit certainly has too many tokens, and is refused before the tokenizer spends seconds
     * and gigabytes on it.
     */
    static final int MAX_CHARS_PER_TOKEN = 256;

    private final HuggingFaceTokenizer tokenizer;
    private final int contextLength;

    private Gpt2Tokenizer(HuggingFaceTokenizer tokenizer, int contextLength) {
        this.tokenizer = tokenizer;
        this.contextLength = contextLength;
    }

    /** Loads {@code tokenizer.json} and the context length from {@code config.json}; no weights are read. */
    public static Gpt2Tokenizer load(Path folder) throws ModelLoadException {
        Gpt2Config config = Gpt2Config.read(folder.resolve("config.json"));
        Path file = folder.resolve("tokenizer.json");
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(file + ": file not found");
        }
        try {
            requireIdsBelow(file, config.vocabSize());
            HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(file)
                    .optAddSpecialTokens(false)
                    .optTruncation(false)
                    .optPadding(false)
                    .build();
            return new Gpt2Tokenizer(tokenizer, config.nPositions());
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException(file + ": not a valid Hugging Face tokenizer (" + e.getMessage() + ")", e);
        }
    }

    /**
     * A tokenizer of another model can give ids that the embedding does not have; PyTorch would then fail deep in
     * the forward pass. Every id of the vocabulary and of the added tokens must be below {@code vocab_size}.
     */
    private static void requireIdsBelow(Path file, int vocabSize) throws IOException, ModelLoadException {
        JsonObject json = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        Map<String, Integer> ids = new LinkedHashMap<>();
        json.getAsJsonObject("model").getAsJsonObject("vocab").entrySet()
                .forEach(token -> ids.put(token.getKey(), token.getValue().getAsInt()));
        JsonArray added = json.has("added_tokens") ? json.getAsJsonArray("added_tokens") : new JsonArray();
        added.forEach(token -> ids.put(token.getAsJsonObject().get("content").getAsString(),
                token.getAsJsonObject().get("id").getAsInt()));
        for (Map.Entry<String, Integer> token : ids.entrySet()) {
            if (token.getValue() < 0 || token.getValue() >= vocabSize) {
                throw new ModelLoadException(file + ": token '" + LogText.excerpt(token.getKey(), 40) + "' has the"
                        + " id " + token.getValue() + ", but config.json's vocab_size is " + vocabSize
                        + "; the tokenizer does not belong to this model");
            }
        }
    }

    /**
     * Tokenizes {@code text}.
     *
     * @param maxTokens the most tokens accepted, on top of the model's own context length
     * @throws IllegalArgumentException if the text is empty or has too many tokens
     */
    public TokenizedText encode(String text, int maxTokens) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("the text is empty; give at least one token of text");
        }
        int limit = Math.min(maxTokens, contextLength);
        if (text.length() / MAX_CHARS_PER_TOKEN >= limit) {
            throw new IllegalArgumentException("the text has " + text.length() + " characters, far more than "
                    + limitName(limit) + " of " + limit + " tokens can hold; shorten the text");
        }
        Encoding encoding = tokenizer.encode(text);
        long[] ids = encoding.getIds();
        if (ids.length > limit) {
            throw new IllegalArgumentException("the text has " + ids.length + " tokens, more than "
                    + limitName(limit) + " of " + limit + "; shorten the text");
        }
        return new TokenizedText(ids, TokenDisplay.display(encoding.getTokens()));
    }

    private String limitName(int limit) {
        return limit == contextLength ? "the model's context length (n_positions)" : "the configured maximum";
    }

    /** The token ids of {@code text}, however many: for corpus texts, of which only the first tokens are used. */
    public long[] ids(String text) {
        return tokenizer.encode(text).getIds();
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
