package dev.visibility.corpus;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The non-blank lines of a UTF-8 file, each read only up to a length: a corpus line can be hundreds of megabytes,
 * and no sample needs more than its beginning. The rest of a longer line is skipped without being kept. A byte
 * order mark at the start of the file is not part of the first line.
 */
final class LineReader implements AutoCloseable {
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    /**
     * One line of the file.
     *
     * @param text   its first {@code maxCharacters} characters, without the line break
     * @param number its line number, from 1
     * @param cut    whether it was longer, so that {@code text} is only its beginning
     */
    record Line(String text, int number, boolean cut) {
    }

    private final Path file;
    private final Reader reader;
    private final int maxCharacters;
    private final char[] buffer = new char[8192];
    private int position;
    private int filled;
    private int number;

    private LineReader(Path file, Reader reader, int maxCharacters) {
        this.file = file;
        this.reader = reader;
        this.maxCharacters = maxCharacters;
    }

    static LineReader open(Path file, int maxCharacters) throws CorpusException {
        try {
            return new LineReader(file, new Utf8Reader(Files.newInputStream(file)), maxCharacters);
        } catch (NoSuchFileException e) {
            throw new CorpusException(file + ": file not found");
        } catch (IOException e) {
            throw new CorpusException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** The next line that is not blank, or empty at the end of the file. */
    Optional<Line> next() throws CorpusException {
        while (true) {
            number++;
            StringBuilder text = new StringBuilder();
            boolean cut = false;
            boolean ended = true;
            int c;
            while ((c = read()) != -1 && c != '\n') {
                ended = false;
                if (text.length() < maxCharacters) {
                    text.append((char) c);
                } else {
                    cut = true;
                }
            }
            if (c == -1 && ended) {
                return Optional.empty();
            }
            if (!text.isEmpty() && text.charAt(text.length() - 1) == '\r') {
                text.setLength(text.length() - 1);
            }
            if (number == 1 && !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK) {
                text.deleteCharAt(0);
            }
            if (!text.toString().isBlank()) {
                return Optional.of(new Line(text.toString(), number, cut));
            }
        }
    }

    /** Where line {@code number} is, for messages. */
    String where(int number) {
        return file + ":" + number;
    }

    private int read() throws CorpusException {
        if (position == filled) {
            try {
                filled = reader.read(buffer);
            } catch (CharacterCodingException e) {
                throw new CorpusException(where(number) + ": not UTF-8 text", e);
            } catch (IOException e) {
                throw new CorpusException(where(number) + ": cannot be read (" + e.getMessage() + ")", e);
            }
            position = 0;
            if (filled <= 0) {
                filled = 0;
                return -1;
            }
        }
        return buffer[position++];
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
