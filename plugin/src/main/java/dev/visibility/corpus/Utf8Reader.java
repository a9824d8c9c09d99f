package dev.visibility.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 text that refuses a malformed byte where it stands: every character before it is delivered first, and
 * only the read that reaches it throws a {@link java.nio.charset.CharacterCodingException}. Java's
 * {@code InputStreamReader} throws as soon as its block of 8 KB holds a bad byte, before the lines ahead of it are
 * read, so a message would name the wrong line.
 */
final class Utf8Reader extends Reader {
    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(8192).flip();
    private boolean ended;
    private CoderResult malformed;

    Utf8Reader(InputStream in) {
        this.in = in;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        CharBuffer out = CharBuffer.wrap(buffer, offset, length);
        while (true) {
            if (malformed != null) {
                if (out.position() > offset) {
                    break;
                }
                malformed.throwException();
            }
            CoderResult result = decoder.decode(bytes, out, ended);
            if (result.isError()) {
                malformed = result;
            } else if (result.isOverflow() || out.position() > offset) {
                break;
            } else if (ended) {
                return -1;
            } else {
                fill();
            }
        }
        return out.position() - offset;
    }

    private void fill() throws IOException {
        bytes.compact();
        int read = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (read < 0) {
            ended = true;
        } else {
            bytes.position(bytes.position() + read);
        }
        bytes.flip();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
