package dev.visibility.corpus;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.BufferedReader;
import java.nio.file.Path;
import java.util.Optional;

/** A {@code .jsonl} corpus: one JSON object per line, whose field {@code column} is the text. Blank lines are skipped. */
final class JsonLinesTexts implements CorpusTexts {
    private final Path file;
    private final String column;
    private final BufferedReader reader;
    private int line;

    private JsonLinesTexts(Path file, String column, BufferedReader reader) {
        this.file = file;
        this.column = column;
        this.reader = reader;
    }

    static JsonLinesTexts open(Path file, String column) throws CorpusException {
        return new JsonLinesTexts(file, column, LineTexts.Lines.open(file));
    }

    @Override
    public Optional<CorpusText> next() throws CorpusException {
        String text;
        do {
            text = LineTexts.Lines.next(file, reader, line);
            line++;
        } while (text != null && text.isBlank());
        if (text == null) {
            return Optional.empty();
        }
        String where = file + ":" + line;
        JsonObject object;
        try {
            JsonElement element = JsonParser.parseString(text);
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
        LineTexts.Lines.close(reader);
    }
}
