package dev.visibility.corpus;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** The text of one JSON record, as JSON Lines and JSON arrays hold them: the string in its field {@code column}. */
final class JsonTextField {
    private JsonTextField() {
    }

    /**
     * The record's text, or {@code null} where the field is JSON {@code null} (counted, like a null in Parquet).
     *
     * @param where the record's place, for messages
     */
    static CorpusText of(JsonElement record, String column, String where) throws CorpusException {
        if (!(record instanceof JsonObject object)) {
            throw new CorpusException(where + ": expected a JSON object with the field '" + column + "', found "
                    + JsonMessages.kind(record));
        }
        JsonElement value = object.get(column);
        if (value == null) {
            throw new CorpusException(where + ": no field '" + column + "'; the fields are "
                    + CorpusException.shown(object.keySet())
                    + " (set column: to the one that holds the text)");
        }
        if (value.isJsonNull()) {
            return new CorpusText(null, where);
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw new CorpusException(where + ": the field '" + column + "' is " + JsonMessages.kind(value)
                    + ", not a string");
        }
        return new CorpusText(value.getAsString(), where);
    }
}
