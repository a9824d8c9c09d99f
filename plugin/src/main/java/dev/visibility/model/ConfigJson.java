package dev.visibility.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.visibility.io.LogText;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A {@code config.json} read strictly: every key a family uses is checked for its type and range, and a message
 * names the file and the key. Keys that no family uses are left alone, as real configs carry many.
 */
final class ConfigJson {
    /** A config file is a few kilobytes; a huge one is not a config and is not read onto the heap. */
    private static final long MAX_FILE_BYTES = 1 << 20;

    private final Path file;
    private final JsonObject json;
    private final String prefix;

    private ConfigJson(Path file, JsonObject json, String prefix) {
        this.file = file;
        this.json = json;
        this.prefix = prefix;
    }

    static ConfigJson read(Path file) throws ModelLoadException {
        return new ConfigJson(file, StrictJson.object(file, readText(file), "not a JSON object"), "");
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

    /** A refusal that names the file and the key. */
    ModelLoadException refuse(String key, String why) {
        return new ModelLoadException(file + ": '" + prefix + key + "' " + why);
    }

    private boolean absent(String key) {
        JsonElement value = json.get(key);
        return value == null || value.isJsonNull();
    }

    /** A whole number from 1 to {@code max}, which must be given. */
    int wholeNumber(String key, int max) throws ModelLoadException {
        return wholeNumber(key, 1, max);
    }

    /** A whole number from 1 to {@code max}, or {@code fallback} when the key is absent or null. */
    int wholeNumberOr(String key, int max, int fallback) throws ModelLoadException {
        return absent(key) ? fallback : wholeNumber(key, 1, max);
    }

    /** A token id, or {@code fallback} when absent (only corpus samples need it; they check it against the vocabulary). */
    int tokenIdOr(String key, int fallback) throws ModelLoadException {
        return absent(key) ? fallback : wholeNumber(key, 0, (1 << 24) - 1);
    }

    private int wholeNumber(String key, int min, int max) throws ModelLoadException {
        JsonElement value = json.get(key);
        Optional<BigInteger> number = StrictJson.wholeNumber(value);
        if (number.isEmpty() || number.get().compareTo(BigInteger.valueOf(min)) < 0
                || number.get().compareTo(BigInteger.valueOf(max)) > 0) {
            throw refuse(key, "must be a whole number from " + min + " to " + max + ", found "
                    + StrictJson.show(value));
        }
        return number.get().intValueExact();
    }

    /**
     * A number strictly between {@code above} and {@code below}, or {@code fallback} when absent. Read as a
     * double, so that an underflow such as 1e-400 is refused too.
     */
    double numberOr(String key, double above, double below, double fallback) throws ModelLoadException {
        JsonElement value = json.get(key);
        if (value == null) {
            return fallback;
        }
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
            double number = value.getAsBigDecimal().doubleValue();
            if (number > above && number < below) {
                return number;
            }
        }
        throw refuse(key, "must be a number above " + plain(above)
                + (below == Double.MAX_VALUE ? "" : " and below " + plain(below)) + ", found " + StrictJson.show(value));
    }

    /** {@code 1} rather than {@code 1.0} in messages. */
    private static String plain(double number) {
        return new BigDecimal(Double.toString(number)).stripTrailingZeros().toPlainString();
    }

    /** {@code true} or {@code false}, or {@code fallback} when absent. */
    boolean flagOr(String key, boolean fallback) throws ModelLoadException {
        if (absent(key)) {
            return fallback;
        }
        JsonElement value = json.get(key);
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean()) {
            return value.getAsBoolean();
        }
        throw refuse(key, "must be true or false, found " + StrictJson.show(value));
    }

    /** A flag that this project supports only with the value {@code supported}. */
    void requireFlag(String key, boolean fallback, boolean supported, String why) throws ModelLoadException {
        if (flagOr(key, fallback) != supported) {
            throw refuse(key, "is " + !supported + "; " + why);
        }
    }

    /** One of the {@code supported} strings, or {@code fallback} when absent. */
    String choiceOr(String key, String fallback, List<String> supported) throws ModelLoadException {
        if (absent(key)) {
            return fallback;
        }
        JsonElement value = json.get(key);
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw refuse(key, "must be a string, found " + StrictJson.show(value));
        }
        if (!supported.contains(value.getAsString())) {
            throw refuse(key, "is '" + LogText.excerpt(value.getAsString(), 40) + "'; supported: "
                    + String.join(", ", supported));
        }
        return value.getAsString();
    }

    /** The object under {@code key}, read with the same rules, or empty when absent or null. */
    Optional<ConfigJson> objectOr(String key) throws ModelLoadException {
        if (absent(key)) {
            return Optional.empty();
        }
        JsonElement value = json.get(key);
        if (!value.isJsonObject()) {
            throw refuse(key, "must be an object or null, found " + StrictJson.show(value));
        }
        return Optional.of(new ConfigJson(file, value.getAsJsonObject(), prefix + key + "."));
    }

    /** Whether the key is given as null, which some keys use for "none". */
    boolean isNull(String key) {
        return json.has(key) && json.get(key).isJsonNull();
    }

    /** Whether the key is given with a non-null value. */
    boolean has(String key) {
        return !absent(key);
    }
}
