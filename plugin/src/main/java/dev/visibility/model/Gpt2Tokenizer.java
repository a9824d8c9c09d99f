package dev.visibility.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * GPT-2's byte-level BPE tokenizer, from a model folder's {@code tokenizer.json}.
 *
 * <p>No special tokens are added and nothing is truncated or padded: the ids are exactly the text's tokens, and
 * {@code <|endoftext|>} written in the text is the special token.
 */
public final class Gpt2Tokenizer implements AutoCloseable {
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
     * Tokenizes {@code text}.
     *
     * @param maxTokens the most tokens accepted, on top of the model's own context length
     * @throws IllegalArgumentException if the text is empty or has too many tokens
     */
    public TokenizedText encode(String text, int maxTokens) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("the text is empty; give at least one token of text");
        }
        Encoding encoding = tokenizer.encode(text);
        long[] ids = encoding.getIds();
        int limit = Math.min(maxTokens, contextLength);
        if (ids.length > limit) {
            String which = limit == contextLength ? "the model's context length (n_positions)" : "the configured maximum";
            throw new IllegalArgumentException("the text has " + ids.length + " tokens, more than " + which
                    + " of " + limit + "; shorten the text");
        }
        return new TokenizedText(ids, TokenDisplay.display(encoding.getTokens()));
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
