package dev.visibility.corpus;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A {@code .jsonl} corpus: one JSON object per non-blank line, whose field {@code column} is the text. Errors name
 * the file's line.
 */
final class JsonLinesTexts implements CorpusTexts {
    private final LineTexts lines;
    private final String column;

    private JsonLinesTexts(LineTexts lines, String column) {
        this.lines = lines;
        this.column = column;
    }

    static JsonLinesTexts open(Path file, String column) throws CorpusException {
        return new JsonLinesTexts(LineTexts.open(file), column);
    }

    @Override
    public Optional<CorpusText> next() throws CorpusException {
        Optional<CorpusText> line = lines.next();
        if (line.isEmpty()) {
            return Optional.empty();
        }
        String where = line.get().where();
        JsonObject object;
        try {
            JsonElement element = JsonParser.parseString(line.get().text());
            if (!element.isJsonObject()) {
                throw new CorpusException(where + ": expected a JSON object with the field '" + column + "'");
            }
            object = element.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new CorpusException(where + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        JsonElement value = object.get(column);
        if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw new CorpusException(where + ": no text field '" + column + "'; the fields are "
                    + object.keySet() + " (set column: to the one that holds the text)");
        }
        return Optional.of(new CorpusText(value.getAsString(), where));
    }

    @Override
    public void close() {
        lines.close();
    }
}
