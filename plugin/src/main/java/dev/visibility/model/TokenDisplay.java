package dev.visibility.model;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns GPT-2's byte-level token strings into the text a reader should see.
 *
 * <p>GPT-2's tokenizer spells every byte as a printable character ({@code Ġ} is a space, {@code Ċ} a newline).
 * This class undoes that mapping and decodes UTF-8 across token boundaries. When a token holds only part of a
 * multi-byte character, it shows the whole character followed by which of its bytes the token holds, e.g.
 * {@code “(1/3)}, rather than the replacement character. Control characters are shown escaped ({@code \n}).
 */
final class TokenDisplay {
    private static final int[] BYTE_OF_CHAR = byteLevelDecoder();

    private TokenDisplay() {
    }

    /** The display text of each byte-level token string. */
    static List<String> display(String[] byteLevelTokens) {
        int[] tokenStart = new int[byteLevelTokens.length + 1];
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < byteLevelTokens.length; i++) {
            tokenStart[i] = all.size();
            byte[] bytes = toBytes(byteLevelTokens[i]);
            all.write(bytes, 0, bytes.length);
        }
        tokenStart[byteLevelTokens.length] = all.size();
        byte[] bytes = all.toByteArray();

        List<String> shown = new ArrayList<>();
        for (int i = 0; i < byteLevelTokens.length; i++) {
            shown.add(show(bytes, tokenStart[i], tokenStart[i + 1]));
        }
        return shown;
    }

    /** The display text of the bytes {@code [start, end)}, seen as part of the whole byte sequence. */
    private static String show(byte[] bytes, int start, int end) {
        StringBuilder text = new StringBuilder();
        int charStart = characterStart(bytes, start);
        while (charStart < end) {
            int charEnd = Math.min(bytes.length, charStart + sequenceLength(bytes, charStart));
            String character = new String(bytes, charStart, charEnd - charStart, StandardCharsets.UTF_8);
            if (character.contains("\uFFFD")) {
                text.append(String.format("\\x%02X", bytes[Math.max(charStart, start)] & 0xFF));
                charStart = Math.max(charStart, start) + 1;
                continue;
            }
            text.append(escapeControls(character));
            int first = Math.max(charStart, start);
            int last = Math.min(charEnd, end);
            if (first > charStart || last < charEnd) {
                int size = charEnd - charStart;
                int from = first - charStart + 1;
                int to = last - charStart;
                text.append('(').append(from == to ? String.valueOf(from) : from + "-" + to).append('/').append(size).append(')');
            }
            charStart = charEnd;
        }
        return text.toString();
    }

    /** Steps back from {@code index} over UTF-8 continuation bytes to the byte that starts the character. */
    private static int characterStart(byte[] bytes, int index) {
        int start = index;
        while (start > 0 && start > index - 3 && isContinuation(bytes[start])) {
            start--;
        }
        return isContinuation(bytes[start]) ? index : start;
    }

    /** The length of the well-formed UTF-8 sequence at {@code index}, or 1 where there is none. */
    private static int sequenceLength(byte[] bytes, int index) {
        int lead = bytes[index] & 0xFF;
        int length = lead < 0x80 ? 1 : lead >= 0xF0 && lead < 0xF8 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        for (int i = 1; i < length; i++) {
            if (index + i >= bytes.length || !isContinuation(bytes[index + i])) {
                return 1;
            }
        }
        return length;
    }

    private static boolean isContinuation(byte b) {
        return (b & 0xC0) == 0x80;
    }

    private static String escapeControls(String character) {
        return switch (character) {
            case "\n" -> "\\n";
            case "\r" -> "\\r";
            case "\t" -> "\\t";
            default -> character.codePointAt(0) < 0x20 || character.codePointAt(0) == 0x7F
                    ? String.format("\\x%02X", character.codePointAt(0)) : character;
        };
    }

    private static byte[] toBytes(String token) {
        byte[] bytes = new byte[token.length() * 4];
        int size = 0;
        for (int i = 0; i < token.length(); ) {
            int codePoint = token.codePointAt(i);
            i += Character.charCount(codePoint);
            if (codePoint < BYTE_OF_CHAR.length && BYTE_OF_CHAR[codePoint] >= 0) {
                bytes[size++] = (byte) BYTE_OF_CHAR[codePoint];
            } else {
                // Not a byte-level character (an added token may contain anything): keep its UTF-8.
                byte[] utf8 = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(utf8, 0, bytes, size, utf8.length);
                size += utf8.length;
            }
        }
        return java.util.Arrays.copyOf(bytes, size);
    }

    /**
     * GPT-2's byte-to-character table, inverted: printable Latin-1 bytes stand for themselves, the other 68 bytes
     * are spelled with the characters from U+0100 upwards, in byte order.
     */
    private static int[] byteLevelDecoder() {
        int[] decoder = new int[256 + 68];
        java.util.Arrays.fill(decoder, -1);
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            decoder[printable ? b : next++] = b;
        }
        return decoder;
    }
}
