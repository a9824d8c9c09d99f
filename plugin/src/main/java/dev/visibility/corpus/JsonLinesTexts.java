package dev.visibility.corpus;

import com.google.gson.JsonElement;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A {@code .jsonl} corpus: one JSON object per non-blank line, whose field {@code column} is the text. Errors name
 * the file's line. A line too long to parse without risking the memory is skipped with a note.
 */
final class JsonLinesTexts implements CorpusTexts {
    /** The longest line parsed: far beyond any sample's needs, far below what strains a default heap. */
    static final int MAX_LINE = 16 << 20;

    private final LineReader lines;
    private final String column;
    private final Consumer<String> notes;

    private JsonLinesTexts(LineReader lines, String column, Consumer<String> notes) {
        this.lines = lines;
        this.column = column;
        this.notes = notes;
    }

    static JsonLinesTexts open(Path file, String column, Consumer<String> notes) throws CorpusException {
        return new JsonLinesTexts(LineReader.open(file, MAX_LINE), column, notes);
    }

    @Override
    public Optional<CorpusText> next() throws CorpusException {
        while (true) {
            Optional<LineReader.Line> line = lines.next();
            if (line.isEmpty()) {
                return Optional.empty();
            }
            String where = lines.where(line.get().number());
            if (line.get().cut()) {
                notes.accept(where + ": the line is longer than " + MAX_LINE + " characters; skipped");
                continue;
            }
            JsonElement record;
            try {
                record = StrictJson.line(line.get().text());
            } catch (IOException e) {
                throw new CorpusException(where + ": not valid JSON (" + JsonMessages.problem(e, true) + ")", e);
            }
            return Optional.of(JsonTextField.of(record, column, where));
        }
    }

    @Override
    public void close() {
        lines.close();
    }
}
