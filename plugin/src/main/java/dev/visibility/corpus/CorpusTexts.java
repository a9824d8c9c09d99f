package dev.visibility.corpus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The texts of a corpus file, read one at a time in file order, so that a large file is read only as far as the
 * samples need.
 */
public interface CorpusTexts extends AutoCloseable {
    /** The next text, or empty at the end of the file. */
    Optional<CorpusText> next() throws CorpusException;

    @Override
    void close();

    /** The extensions of corpus files. */
    List<String> EXTENSIONS = List.of(".txt", ".jsonl", ".json", ".parquet");

    /** Whether {@code name} ends like a corpus file. */
    static boolean isCorpusFile(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(lower::endsWith);
    }

    /**
     * Opens a corpus file by its extension: {@code .txt} (one text per non-empty line), {@code .jsonl} (JSON Lines:
     * one object per line, {@code column} names the field), {@code .json} (JSON Lines, or one JSON array of such
     * objects) or {@code .parquet} ({@code column} names the column).
     *
     * @param notes receives a line for what is skipped or cut on the way, such as an overlong line
     */
    static CorpusTexts open(Path file, String column, Consumer<String> notes) throws CorpusException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".txt")) {
            return LineTexts.open(file, notes);
        }
        if (name.endsWith(".json") && Files.isRegularFile(file) && JsonArrayTexts.holdsArray(file)) {
            return JsonArrayTexts.open(file, column);
        }
        if (name.endsWith(".jsonl") || name.endsWith(".json")) {
            return JsonLinesTexts.open(file, column, notes);
        }
        if (name.endsWith(".parquet")) {
            return ParquetTexts.open(file, column);
        }
        throw new CorpusException(file + ": not a corpus file; use .txt (one text per line), .jsonl, .json or"
                + " .parquet");
    }

    /**
     * The texts of several files, one file after the other, each opened only when the one before is used up. A
     * file named twice is read once.
     */
    static CorpusTexts open(List<Path> files, String column, Consumer<String> notes) {
        return new ConcatenatedTexts(files.stream().distinct().toList(), column, notes);
    }
}
