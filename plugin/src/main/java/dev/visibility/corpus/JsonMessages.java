package dev.visibility.corpus;

import com.google.gson.JsonElement;

/** What is wrong with a corpus file's JSON, in words, without the parser's class names and links. */
final class JsonMessages {
    private JsonMessages() {
    }

    /**
     * The parser's complaint, e.g. {@code Unterminated string at column 14}.
     *
     * @param singleLine whether the JSON was one line of a file, whose own line number the message gives
     */
    static String problem(Exception e, boolean singleLine) {
        String message = String.valueOf((e.getCause() != null ? e.getCause() : e).getMessage());
        int link = message.indexOf("\nSee ");
        message = message.substring(0, link < 0 ? message.length() : link)
                .replaceFirst("^[\\w.$]+(Exception|Error): ", "")
                // DOTALL: the path can hold a field name with a line separator such as U+2028.
                .replaceFirst("(?s) path \\$.*$", "")
                .replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON",
                        "more text after the JSON value");
        return singleLine ? message.replaceFirst("at line 1 column", "at column") : message;
    }

    /** What a JSON value is, for a message such as "the field 'text' is a number, not a string". */
    static String kind(JsonElement value) {
        if (value.isJsonNull()) {
            return "null";
        }
        if (value.isJsonObject()) {
            return "an object";
        }
        if (value.isJsonArray()) {
            return "an array";
        }
        return value.getAsJsonPrimitive().isNumber() ? "a number" : value.getAsJsonPrimitive().isBoolean()
                ? "true or false" : "a string";
    }
}
