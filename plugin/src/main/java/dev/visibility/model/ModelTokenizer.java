package dev.visibility.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
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
            JsonObject json = readChecked(file, config.vocabSize());
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
     * {@code tokenizer.json} without the model's vocabulary and merges, which this class never needs: they hold
     * nearly all of the file (GPT-2's 50,257 tokens and 50,000 merges), and a tree of them cost more than the
     * native tokenizer's whole load. They are streamed past instead, and the vocabulary checked on the way.
     *
     * <p>A tokenizer of another model can give ids that the embedding does not have; PyTorch would then fail deep
     * in the forward pass. Every id of the vocabulary and of the added tokens must be below {@code vocab_size}.
     */
    private static JsonObject readChecked(Path file, int vocabSize) throws IOException, ModelLoadException {
        JsonObject json = new JsonObject();
        // Tokens whose id is out of range, in file order; an added token may give a vocabulary token another id.
        Map<String, Integer> outside = new LinkedHashMap<>();
        try (JsonReader reader = new JsonReader(Files.newBufferedReader(file, StandardCharsets.UTF_8))) {
            reader.setStrictness(Strictness.LENIENT); // as Gson's JsonParser, which read this file before, reads
            reader.beginObject();
            while (reader.hasNext()) {
                String key = reader.nextName();
                json.add(key, key.equals("model") ? model(reader, vocabSize, outside) : JsonParser.parseReader(reader));
            }
            reader.endObject();
        }
        if (!json.has("model")) {
            throw new IOException("it has no model");
        }
        JsonArray added = json.has("added_tokens") ? json.getAsJsonArray("added_tokens") : new JsonArray();
        for (JsonElement token : added) {
            String content = token.getAsJsonObject().get("content").getAsString();
            int id = token.getAsJsonObject().get("id").getAsInt();
            if (outside.containsKey(content) || id < 0 || id >= vocabSize) {
                outside.put(content, id);
            }
        }
        for (Map.Entry<String, Integer> token : outside.entrySet()) {
            if (token.getValue() < 0 || token.getValue() >= vocabSize) {
                throw new ModelLoadException(file + ": token '" + LogText.excerpt(token.getKey(), 40) + "' has the"
                        + " id " + token.getValue() + ", but config.json's vocab_size is " + vocabSize
                        + "; the tokenizer does not belong to this model");
            }
        }
        return json;
    }

    /** The {@code model} object without {@code vocab} and {@code merges}; out-of-range ids go to {@code outside}. */
    private static JsonObject model(JsonReader reader, int vocabSize, Map<String, Integer> outside)
            throws IOException {
        JsonObject model = new JsonObject();
        boolean hasVocab = false;
        reader.beginObject();
        while (reader.hasNext()) {
            String key = reader.nextName();
            if (key.equals("vocab")) {
                hasVocab = true;
                reader.beginObject();
                while (reader.hasNext()) {
                    String token = reader.nextName();
                    int id = reader.nextInt();
                    if (id < 0 || id >= vocabSize) {
                        outside.put(token, id);
                    }
                }
                reader.endObject();
            } else if (key.equals("merges")) {
                reader.skipValue();
            } else {
                model.add(key, JsonParser.parseReader(reader));
            }
        }
        reader.endObject();
        if (!hasVocab) {
            throw new IOException("its model has no vocab");
        }
        return model;
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
