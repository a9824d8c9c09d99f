package dev.visibility.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The hyperparameters of a GPT-2 checkpoint, read from its Hugging Face {@code config.json}.
 *
 * @param nLayer           number of transformer blocks (rows of the visualisation)
 * @param nHead            attention heads per block
 * @param nEmbd            width of the residual stream, {@code d_model}
 * @param vocabSize        number of token ids
 * @param nPositions       longest sequence the position embedding covers
 * @param layerNormEpsilon epsilon of every LayerNorm
 */
public record Gpt2Config(int nLayer, int nHead, int nEmbd, int vocabSize, int nPositions, double layerNormEpsilon) {

    /** Reads and checks {@code config.json}. */
    public static Gpt2Config read(Path file) throws ModelLoadException {
        JsonObject json;
        try {
            json = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (NoSuchFileException e) {
            throw new ModelLoadException(file + ": file not found");
        } catch (IOException e) {
            throw new ModelLoadException(file + ": cannot be read (" + e.getMessage() + ")", e);
        } catch (JsonParseException | IllegalStateException e) {
            throw new ModelLoadException(file + ": not a JSON object", e);
        }
        String modelType = optionalString(json, "model_type");
        if (modelType != null && !modelType.equals("gpt2")) {
            throw new ModelLoadException(file + ": model_type is '" + modelType + "'; only GPT-2 models are supported");
        }
        String activation = optionalString(json, "activation_function");
        if (activation != null && !activation.equals("gelu_new")) {
            throw new ModelLoadException(file + ": activation_function is '" + activation
                    + "'; only gelu_new (the GPT-2 tanh GELU) is supported");
        }
        Gpt2Config config = new Gpt2Config(
                positiveInt(file, json, "n_layer"),
                positiveInt(file, json, "n_head"),
                positiveInt(file, json, "n_embd"),
                positiveInt(file, json, "vocab_size"),
                positiveInt(file, json, "n_positions"),
                json.has("layer_norm_epsilon") ? json.get("layer_norm_epsilon").getAsDouble() : 1e-5);
        if (config.nEmbd() % config.nHead() != 0) {
            throw new ModelLoadException(file + ": n_embd " + config.nEmbd() + " is not a multiple of n_head " + config.nHead());
        }
        return config;
    }

    /** Width of one attention head. */
    public int headSize() {
        return nEmbd / nHead;
    }

    private static int positiveInt(Path file, JsonObject json, String key) throws ModelLoadException {
        JsonElement value = json.get(key);
        try {
            if (value != null && value.getAsInt() > 0) {
                return value.getAsInt();
            }
        } catch (NumberFormatException | UnsupportedOperationException | IllegalStateException ignored) {
            // reported below with the same message as a missing key
        }
        throw new ModelLoadException(file + ": '" + key + "' must be a positive integer, found " + value);
    }

    private static String optionalString(JsonObject json, String key) {
        JsonElement value = json.get(key);
        return value == null || value.isJsonNull() ? null : value.getAsString();
    }
}
