package dev.visibility.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.visibility.io.LogText;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The hyperparameters of a GPT-2 checkpoint, read from its Hugging Face {@code config.json}.
 *
 * @param nLayer           number of transformer blocks (rows of the visualisation)
 * @param nHead            attention heads per block
 * @param nEmbd            width of the residual stream, {@code d_model}
 * @param vocabSize        number of token ids
 * @param nPositions       longest sequence the position embedding covers
 * @param layerNormEpsilon epsilon of every LayerNorm
 * @param bosTokenId       the token that begins a text ({@code <|endoftext|>} in GPT-2), which starts every
 *                         sample of a corpus
 */
public record Gpt2Config(int nLayer, int nHead, int nEmbd, int vocabSize, int nPositions, double layerNormEpsilon,
                         int bosTokenId) {
    /** A config file is a few hundred bytes; a huge one is not a config and is not read onto the heap. */
    private static final long MAX_FILE_BYTES = 1 << 20;
    /** GPT-2's own default, used when the file does not say. */
    private static final double DEFAULT_EPSILON = 1e-5;
    /** GPT-2's {@code <|endoftext|>}, Hugging Face's default when the file does not say. */
    private static final int DEFAULT_BOS = 50256;

    /** Reads and checks {@code config.json}: strict JSON, and the type and range of every key used. */
    public static Gpt2Config read(Path file) throws ModelLoadException {
        JsonObject json = StrictJson.object(file, readText(file), "not a JSON object");
        requireStringOrAbsent(file, json, "model_type", "gpt2", "only GPT-2 models are supported");
        requireStringOrAbsent(file, json, "activation_function", "gelu_new",
                "only gelu_new (the GPT-2 tanh GELU) is supported");
        // The upper bounds are far above every GPT-2 (XL: 48 layers, 25 heads, 1600 wide, 50257 tokens, 1024
        // positions), low enough that no product of them overflows the arithmetic of shapes and sizes.
        Gpt2Config config = new Gpt2Config(
                wholeNumber(file, json, "n_layer", 1024),
                wholeNumber(file, json, "n_head", 1024),
                wholeNumber(file, json, "n_embd", 1 << 16),
                wholeNumber(file, json, "vocab_size", 1 << 24),
                wholeNumber(file, json, "n_positions", 1 << 16),
                epsilon(file, json),
                bosTokenId(file, json));
        if (config.nEmbd() % config.nHead() != 0) {
            throw new ModelLoadException(file + ": n_embd " + config.nEmbd() + " is not a multiple of n_head " + config.nHead());
        }
        return config;
    }

    /** Width of one attention head. */
    public int headSize() {
        return nEmbd / nHead;
    }

    private static String readText(Path file) throws ModelLoadException {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new ModelLoadException(file + ": " + Files.size(file) + " bytes, too large for a config.json");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ModelLoadException(file + ": file not found");
        } catch (IOException e) {
            throw new ModelLoadException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** A key that, when given, must be a string and must be {@code expected}. */
    private static void requireStringOrAbsent(Path file, JsonObject json, String key, String expected, String why)
            throws ModelLoadException {
        JsonElement value = json.get(key);
        if (value == null || value.isJsonNull()) {
            return;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw new ModelLoadException(file + ": '" + key + "' must be a string, found " + StrictJson.show(value));
        }
        if (!value.getAsString().equals(expected)) {
            throw new ModelLoadException(file + ": " + key + " is '" + LogText.excerpt(value.getAsString(), 40) + "'; "
                    + why);
        }
    }

    private static int wholeNumber(Path file, JsonObject json, String key, int max) throws ModelLoadException {
        JsonElement value = json.get(key);
        Optional<BigInteger> number = StrictJson.wholeNumber(value);
        if (number.isEmpty() || number.get().signum() <= 0 || number.get().compareTo(BigInteger.valueOf(max)) > 0) {
            throw new ModelLoadException(file + ": '" + key + "' must be a whole number from 1 to " + max
                    + ", found " + StrictJson.show(value));
        }
        return number.get().intValueExact();
    }

    /**
     * A token id. Absent, it is GPT-2's, which a smaller vocabulary may lack; only corpus samples use it, and they
     * check it against {@code vocab_size}, so a model that never samples a corpus is not refused for it.
     */
    private static int bosTokenId(Path file, JsonObject json) throws ModelLoadException {
        JsonElement value = json.get("bos_token_id");
        if (value == null || value.isJsonNull()) {
            return DEFAULT_BOS;
        }
        Optional<BigInteger> number = StrictJson.wholeNumber(value);
        if (number.isEmpty() || number.get().signum() < 0 || number.get().compareTo(BigInteger.valueOf(1 << 24)) >= 0) {
            throw new ModelLoadException(file + ": 'bos_token_id' must be a token id, a whole number from 0, found "
                    + StrictJson.show(value));
        }
        return number.get().intValueExact();
    }

    /** LayerNorm divides by {@code sqrt(var + eps)}: 0 or less can divide by zero, 1 or more swamps the variance. */
    private static double epsilon(Path file, JsonObject json) throws ModelLoadException {
        JsonElement value = json.get("layer_norm_epsilon");
        if (value == null) {
            return DEFAULT_EPSILON;
        }
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
            // As a double, so that an underflow to 0 such as 1e-400 is refused too.
            double epsilon = value.getAsBigDecimal().doubleValue();
            if (epsilon > 0 && epsilon < 1) {
                return epsilon;
            }
        }
        throw new ModelLoadException(file + ": 'layer_norm_epsilon' must be a number above 0 and below 1, found "
                + StrictJson.show(value));
    }
}
