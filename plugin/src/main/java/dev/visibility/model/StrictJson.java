package dev.visibility.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads the JSON of model files as strictly as Python's {@code json} and the safetensors reference do: no
 * comments, no single quotes or unquoted keys, no NaN, nothing after the value, no key twice. Gson's own parser is
 * lenient and would accept all of these. Numbers keep their literal, so that {@code 64.9} is never read as 64.
 */
final class StrictJson {
    /** Deep enough for any real file; a deeper one is hostile and would otherwise exhaust the stack. */
    private static final int MAX_DEPTH = 32;

    private StrictJson() {
    }

    /**
     * Parses {@code json}, which must be one object.
     *
     * @param what what the message says when it is not, e.g. {@code malformed safetensors header: not a JSON object}
     */
    static JsonObject object(Path file, String json, String what) throws ModelLoadException {
        JsonReader reader = new JsonReader(new StringReader(json));
        reader.setStrictness(Strictness.STRICT);
        try {
            if (reader.peek() != JsonToken.BEGIN_OBJECT) {
                throw new MalformedJsonException("it does not start with '{'");
            }
            JsonObject object = read(reader, 0).getAsJsonObject();
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new MalformedJsonException("more follows the object at " + reader.getPath());
            }
            return object;
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw new ModelLoadException(file + ": " + what + " (" + reason(e) + ")", e);
        }
    }

    /** Gson's message without its advice to parse leniently and its link: what is wrong, and where. */
    private static String reason(Exception e) {
        String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        return message.replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON", "malformed JSON");
    }

    private static JsonElement read(JsonReader in, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new MalformedJsonException("nested more than " + MAX_DEPTH + " levels deep at " + in.getPath());
        }
        switch (in.peek()) {
            case BEGIN_OBJECT -> {
                JsonObject object = new JsonObject();
                in.beginObject();
                while (in.hasNext()) {
                    String name = in.nextName();
                    if (object.has(name)) {
                        throw new MalformedJsonException("the key '" + name + "' appears twice at " + in.getPath());
                    }
                    object.add(name, read(in, depth + 1));
                }
                in.endObject();
                return object;
            }
            case BEGIN_ARRAY -> {
                JsonArray array = new JsonArray();
                in.beginArray();
                while (in.hasNext()) {
                    array.add(read(in, depth + 1));
                }
                in.endArray();
                return array;
            }
            case STRING -> {
                return new JsonPrimitive(in.nextString());
            }
            case NUMBER -> {
                return new JsonPrimitive(new BigDecimal(in.nextString()));
            }
            case BOOLEAN -> {
                return new JsonPrimitive(in.nextBoolean());
            }
            case NULL -> {
                in.nextNull();
                return JsonNull.INSTANCE;
            }
            default -> throw new MalformedJsonException("unexpected " + in.peek() + " at " + in.getPath());
        }
    }

    /** The value as a whole number, if it is written as one: {@code 64}, never {@code 64.0}, {@code 6.4e1} or "64". */
    static Optional<BigInteger> wholeNumber(JsonElement value) {
        if (value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
            BigDecimal number = value.getAsBigDecimal();
            return number.scale() == 0 ? Optional.of(number.toBigIntegerExact()) : Optional.empty();
        }
        return Optional.empty();
    }

    /** How a message shows a value that has the wrong type or range: short, and never the whole of a huge one. */
    static String show(JsonElement value) {
        String text = String.valueOf(value);
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
