package dev.visibility.corpus;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The texts of several corpus files in order, as the shards of one hub dataset split are read. */
final class ConcatenatedTexts implements CorpusTexts {
    private final List<Path> files;
    private final String column;
    private final Consumer<String> notes;
    private int next;
    private CorpusTexts current;

    ConcatenatedTexts(List<Path> files, String column, Consumer<String> notes) {
        this.files = List.copyOf(files);
        this.column = column;
        this.notes = notes;
    }

    @Override
    public Optional<CorpusText> next() throws CorpusException {
        while (true) {
            if (current == null) {
                if (next == files.size()) {
                    return Optional.empty();
                }
                current = CorpusTexts.open(files.get(next++), column, notes);
            }
            Optional<CorpusText> text = current.next();
            if (text.isPresent()) {
                return text;
            }
            current.close();
            current = null;
        }
    }

    @Override
    public void close() {
        if (current != null) {
            current.close();
        }
    }
}
