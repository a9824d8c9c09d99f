package dev.visibility.corpus;

import com.google.gson.JsonElement;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * A {@code .json} corpus that is one JSON array of objects, as Hugging Face's {@code datasets} also reads it; the
 * field {@code column} of each object is the text. The items are parsed one at a time, each at most
 * {@link JsonLinesTexts#MAX_LINE} characters, so a large file costs no more memory than one item.
 */
final class JsonArrayTexts implements CorpusTexts {
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final Path file;
    private final LimitedReader limited;
    private final JsonReader json;
    private final String column;
    private int item;

    private JsonArrayTexts(Path file, LimitedReader limited, JsonReader json, String column) {
        this.file = file;
        this.limited = limited;
        this.json = json;
        this.column = column;
    }

    /** Whether the file's first character, after a byte order mark and whitespace, opens a JSON array. */
    static boolean holdsArray(Path file) throws CorpusException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            // All three bytes: a file that starts with U+FCFF, or is cut inside the mark, holds no array.
            in.mark(UTF8_BOM.length);
            if (!Arrays.equals(in.readNBytes(UTF8_BOM.length), UTF8_BOM)) {
                in.reset();
            }
            int b = in.read();
            while (b == ' ' || b == '\t' || b == '\r' || b == '\n') {
                b = in.read();
            }
            return b == '[';
        } catch (IOException e) {
            throw new CorpusException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    static JsonArrayTexts open(Path file, String column) throws CorpusException {
        try {
            Reader utf8 = new BufferedReader(new Utf8Reader(Files.newInputStream(file)));
            LimitedReader limited = new LimitedReader(utf8);
            JsonReader json = new JsonReader(limited);
            JsonArrayTexts texts = new JsonArrayTexts(file, limited, json, column);
            texts.begin();
            return texts;
        } catch (IOException e) {
            throw new CorpusException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private void begin() throws CorpusException {
        try {
            limited.skipByteOrderMark();
            json.beginArray();
        } catch (IOException | IllegalStateException e) {
            close();
            throw invalid(file.toString(), e);
        }
    }

    @Override
    public Optional<CorpusText> next() throws CorpusException {
        String where = file + ", item " + (item + 1);
        JsonElement record;
        try {
            if (!json.hasNext()) {
                json.endArray();
                return end();
            }
            limited.startItem();
            record = StrictJson.value(json);
        } catch (LimitedReader.TooLong e) {
            throw new CorpusException(where + ": longer than " + JsonLinesTexts.MAX_LINE + " characters; use"
                    + " JSON Lines (.jsonl), whose long lines are skipped", e);
        } catch (IOException | IllegalStateException e) {
            throw invalid(where, e);
        }
        item++;
        return Optional.of(JsonTextField.of(record, column, where));
    }

    /** The end of the texts, where nothing but whitespace follows the array. */
    private Optional<CorpusText> end() throws CorpusException {
        try {
            if (json.peek() == JsonToken.END_DOCUMENT) {
                return Optional.empty();
            }
        } catch (CharacterCodingException e) {
            throw invalid(file.toString(), e);
        } catch (IOException secondValue) {
            // the reader's strictness refuses a second value as malformed JSON; said in words below
        }
        throw new CorpusException(file + ": more text after the JSON array");
    }

    /** What is wrong at {@code where}, in words: bad UTF-8, or the JSON parser's complaint without its internals. */
    private static CorpusException invalid(String where, Exception e) {
        if (e instanceof CharacterCodingException) {
            return new CorpusException(where + ": not UTF-8 text", e);
        }
        return new CorpusException(where + ": not valid JSON (" + JsonMessages.problem(e, false) + ")", e);
    }

    @Override
    public void close() {
        try {
            json.close();
        } catch (IOException ignored) {
            // only read from, so nothing is lost
        }
    }

    /** A reader that refuses to deliver more than {@link JsonLinesTexts#MAX_LINE} characters for one item. */
    private static final class LimitedReader extends FilterReader {
        /** Thrown when an item is too long; the parser passes it on as its cause. */
        static final class TooLong extends IOException {
            TooLong() {
                super("item too long");
            }
        }

        private long sinceItem;

        LimitedReader(Reader in) {
            super(in);
        }

        void startItem() {
            sinceItem = 0;
        }

        void skipByteOrderMark() throws IOException {
            in.mark(1);
            if (in.read() != '\uFEFF') {
                in.reset();
            }
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int read = super.read(buffer, offset, length);
            sinceItem += Math.max(read, 0);
            if (sinceItem > JsonLinesTexts.MAX_LINE) {
                throw new TooLong();
            }
            return read;
        }

        @Override
        public int read() throws IOException {
            throw new UnsupportedOperationException("JsonReader reads in blocks");
        }
    }
}
