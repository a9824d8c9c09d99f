package dev.visibility.corpus;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;

import java.io.IOException;
import java.io.StringReader;

/**
 * JSON values read as JSON is written, not as Gson's {@code JsonParser} reads them: it switches the reader to
 * lenient, which takes {@code {"text": a"}} for the text {@code a"} and {@code {text=a; id=1}} for a record.
 * A reader's default strictness (Gson's legacy strict) refuses such lines.
 */
final class StrictJson {
    private static final TypeAdapter<JsonElement> VALUES = new Gson().getAdapter(JsonElement.class);

    private StrictJson() {
    }

    /** The next value of {@code reader}, at the reader's own strictness. */
    static JsonElement value(JsonReader reader) throws IOException {
        return VALUES.read(reader);
    }

    /** The one value that {@code text} holds; more than one is malformed. */
    static JsonElement line(String text) throws IOException {
        JsonReader reader = new JsonReader(new StringReader(text));
        JsonElement value = value(reader);
        if (reader.peek() != JsonToken.END_DOCUMENT) {
            throw new MalformedJsonException("more text after the JSON value");
        }
        return value;
    }
}
