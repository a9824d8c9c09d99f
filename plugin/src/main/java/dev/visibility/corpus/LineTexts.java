package dev.visibility.corpus;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A {@code .txt} corpus: every non-blank line is one text. A line longer than any sample can need is read only
 * as far as that, with a note.
 */
final class LineTexts implements CorpusTexts {
    private final LineReader lines;
    private final Consumer<String> notes;
    private boolean notedCut;

    private LineTexts(LineReader lines, Consumer<String> notes) {
        this.lines = lines;
        this.notes = notes;
    }

    static LineTexts open(Path file, Consumer<String> notes) throws CorpusException {
        // One character more than a sample uses, so that CorpusSamples still cuts the text at a whitespace.
        return new LineTexts(LineReader.open(file, CorpusSamples.MAX_CHARACTERS + 1), notes);
    }

    @Override
    public Optional<CorpusText> next() throws CorpusException {
        Optional<LineReader.Line> line = lines.next();
        if (line.isEmpty()) {
            return Optional.empty();
        }
        String where = lines.where(line.get().number());
        if (line.get().cut() && !notedCut) {
            notedCut = true;
            notes.accept(where + ": the line is longer than " + CorpusSamples.MAX_CHARACTERS + " characters; only"
                    + " its beginning is read, as for every such line of this file");
        }
        return Optional.of(new CorpusText(line.get().text(), where));
    }

    @Override
    public void close() {
        lines.close();
    }
}
