package dev.visibility.corpus;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** A {@code .txt} corpus: every non-empty line is one text. */
final class LineTexts implements CorpusTexts {
    private final Path file;
    private final BufferedReader reader;
    private int line;

    private LineTexts(Path file, BufferedReader reader) {
        this.file = file;
        this.reader = reader;
    }

    static LineTexts open(Path file) throws CorpusException {
        try {
            return new LineTexts(file, Files.newBufferedReader(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new CorpusException(file + ": file not found");
        } catch (IOException e) {
            throw new CorpusException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** The next non-blank line, with its {@code file:line}. */
    @Override
    public Optional<CorpusText> next() throws CorpusException {
        String text;
        do {
            line++;
            try {
                text = reader.readLine();
            } catch (CharacterCodingException e) {
                throw new CorpusException(file + ":" + line + ": not UTF-8 text", e);
            } catch (IOException e) {
                throw new CorpusException(file + ":" + line + ": cannot be read (" + e.getMessage() + ")", e);
            }
        } while (text != null && text.isBlank());
        return text == null ? Optional.empty() : Optional.of(new CorpusText(text, file + ":" + line));
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException ignored) {
            // only read from, so nothing is lost
        }
    }
}
