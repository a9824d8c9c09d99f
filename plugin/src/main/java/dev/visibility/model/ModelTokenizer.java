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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model's own tokenizer, from its folder's {@code tokenizer.json}.
 *
 * <p>A text is tokenized as the model reads it: with the special tokens that the tokenizer adds by itself (Llama 3
 * and Gemma put their BOS in front; GPT-2, Pythia and Qwen add nothing, so a post writes {@code <|endoftext|>}),
 * and nothing truncated or padded. A special token written in the text is that token.
 */
public final class ModelTokenizer implements AutoCloseable {
    /**
     * No token of these models' vocabularies is anywhere near this many characters long, so a text longer than
     * this times the token limit certainly has too many tokens, and is refused before the tokenizer spends seconds
     * and gigabytes on it.
     */
    static final int MAX_CHARS_PER_TOKEN = 256;

    private final HuggingFaceTokenizer tokenizer;
    private final TokenDisplay display;
    private final int contextLength;
    private final String contextLengthKey;

    private ModelTokenizer(HuggingFaceTokenizer tokenizer, TokenDisplay display, ModelConfig config) {
        this.tokenizer = tokenizer;
        this.display = display;
        this.contextLength = config.maxPositions();
        // Named in messages, so that a reader knows which key of config.json sets the limit.
        this.contextLengthKey = config.modelType().equals("gpt2") ? "n_positions" : "max_position_embeddings";
    }

    /** Loads {@code tokenizer.json} and the context length from {@code config.json}; no weights are read. */
    public static ModelTokenizer load(Path folder) throws ModelLoadException {
        ModelConfig config = ModelConfig.read(folder.resolve("config.json"));
        Path file = folder.resolve("tokenizer.json");
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(file + ": file not found");
        }
        try {
            JsonObject json = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
            requireIdsBelow(file, json, config.vocabSize());
            HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(file)
                    .optAddSpecialTokens(true)
                    .optTruncation(false)
                    .optPadding(false)
                    .build();
            return new ModelTokenizer(tokenizer, TokenDisplay.of(json), config);
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException(file + ": not a valid Hugging Face tokenizer (" + e.getMessage() + ")", e);
        }
    }

    /**
     * A tokenizer of another model can give ids that the embedding does not have; PyTorch would then fail deep in
     * the forward pass. Every id of the vocabulary and of the added tokens must be below {@code vocab_size}.
     */
    private static void requireIdsBelow(Path file, JsonObject json, int vocabSize) throws ModelLoadException {
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
        int skipped = writesAddedBos(encoding) ? 1 : 0;
        long[] ids = Arrays.copyOfRange(encoding.getIds(), skipped, encoding.getIds().length);
        if (ids.length > limit) {
            throw new IllegalArgumentException("the text has " + ids.length + " tokens, more than "
                    + limitName(limit) + " of " + limit + "; shorten the text");
        }
        String[] tokens = Arrays.copyOfRange(encoding.getTokens(), skipped, encoding.getTokens().length);
        return new TokenizedText(ids, display.display(ids, tokens));
    }

    /**
     * Whether the text begins with the very token that the tokenizer puts in front of it ({@code <bos>hello} on
     * Gemma): a writer who spells out the BOS means the one BOS that the model always reads, not two.
     */
    private static boolean writesAddedBos(Encoding encoding) {
        long[] ids = encoding.getIds();
        long[] addedByTokenizer = encoding.getSpecialTokenMask();
        return ids.length >= 2 && addedByTokenizer[0] == 1 && addedByTokenizer[1] == 0 && ids[0] == ids[1];
    }

    private String limitName(int limit) {
        return limit == contextLength
                ? "the model's context length (" + contextLengthKey + ")" : "the configured maximum";
    }

    /**
     * The token ids of {@code text} without any special token added, however many: for corpus texts, of which only
     * the first tokens are used, after the model's BOS.
     */
    public long[] ids(String text) {
        return tokenizer.encode(text, false, false).getIds();
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
