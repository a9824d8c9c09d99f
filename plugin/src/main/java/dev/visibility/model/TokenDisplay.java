package dev.visibility.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a tokenizer's token strings into the text a reader should see.
 *
 * <p>Vocabularies spell bytes in one of two ways, and {@code tokenizer.json} says which:
 * <ul>
 *   <li><b>Byte-level</b> (a {@code ByteLevel} decoder or pre-tokenizer: GPT-2, Pythia, Llama 3, Qwen): every byte is
 *       a printable character ({@code Ġ} is a space, {@code Ċ} a newline).</li>
 *   <li><b>SentencePiece</b> (Gemma, Llama 2): tokens are text in which {@code ▁} stands for a space, and with byte
 *       fallback a character missing from the vocabulary is spelled as one token per UTF-8 byte, {@code <0xE2>}.</li>
 * </ul>
 * Either way the tokens become bytes, and UTF-8 is decoded across token boundaries. When a token holds only part
 * of a multi-byte character, it shows the whole character followed by which of its bytes the token holds, e.g.
 * {@code “(1/3)}, rather than the replacement character. Control characters are shown escaped ({@code \n}).
 * Special tokens ({@code <bos>}, {@code <|endoftext|>}) are shown as they are written.
 */
final class TokenDisplay {
    private static final int[] BYTE_OF_CHAR = byteLevelDecoder();
    private static final Pattern BYTE_TOKEN = Pattern.compile("<0x([0-9A-Fa-f]{2})>");
    private static final String SENTENCE_PIECE_SPACE = "\u2581";

    private final boolean byteLevel;
    private final boolean byteFallback;
    private final Set<Long> specialIds;

    private TokenDisplay(boolean byteLevel, boolean byteFallback, Set<Long> specialIds) {
        this.byteLevel = byteLevel;
        this.byteFallback = byteFallback;
        this.specialIds = specialIds;
    }

    /**
     * The display of the tokenizer that {@code tokenizerJson} describes. The decoder is what turns tokens back into
     * text, so it decides; the pre-tokenizer is consulted too, because a tokenizer.json may leave the decoder out.
     */
    static TokenDisplay of(JsonObject tokenizerJson) {
        List<String> steps = new ArrayList<>();
        collectTypes(tokenizerJson.get("decoder"), steps);
        collectTypes(tokenizerJson.get("pre_tokenizer"), steps);
        JsonObject model = tokenizerJson.getAsJsonObject("model");
        boolean byteFallback = steps.contains("ByteFallback")
                || model != null && model.has("byte_fallback") && model.get("byte_fallback").getAsBoolean();
        Set<Long> specialIds = new HashSet<>();
        if (tokenizerJson.get("added_tokens") instanceof JsonArray added) {
            for (JsonElement token : added) {
                JsonObject object = token.getAsJsonObject();
                if (object.has("special") && object.get("special").getAsBoolean()) {
                    specialIds.add(object.get("id").getAsLong());
                }
            }
        }
        return new TokenDisplay(steps.contains("ByteLevel"), byteFallback, Set.copyOf(specialIds));
    }

    /** The {@code type} of a decoder or pre-tokenizer, and of every step of a {@code Sequence}, in order. */
    private static void collectTypes(JsonElement component, List<String> types) {
        if (!(component instanceof JsonObject object) || !object.has("type")) {
            return;
        }
        types.add(object.get("type").getAsString());
        for (String key : List.of("decoders", "pretokenizers")) {
            if (object.get(key) instanceof JsonArray steps) {
                steps.forEach(step -> collectTypes(step, types));
            }
        }
    }

    /** The display text of each token; {@code ids[i]} is the id of {@code tokens[i]}. */
    List<String> display(long[] ids, String[] tokens) {
        int[] tokenStart = new int[tokens.length + 1];
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < tokens.length; i++) {
            tokenStart[i] = all.size();
            byte[] bytes = toBytes(ids[i], tokens[i]);
            all.write(bytes, 0, bytes.length);
        }
        tokenStart[tokens.length] = all.size();
        byte[] bytes = all.toByteArray();

        List<String> shown = new ArrayList<>();
        for (int i = 0; i < tokens.length; i++) {
            shown.add(show(bytes, tokenStart[i], tokenStart[i + 1]));
        }
        return shown;
    }

    /** The bytes that a token of this vocabulary stands for; a special token stands for how it is written. */
    private byte[] toBytes(long id, String token) {
        if (specialIds.contains(id)) {
            return token.getBytes(StandardCharsets.UTF_8);
        }
        if (byteLevel) {
            return byteLevelBytes(token);
        }
        Matcher byteToken = BYTE_TOKEN.matcher(token);
        if (byteFallback && byteToken.matches()) {
            return new byte[] {(byte) Integer.parseInt(byteToken.group(1), 16)};
        }
        return token.replace(SENTENCE_PIECE_SPACE, " ").getBytes(StandardCharsets.UTF_8);
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

    private static byte[] byteLevelBytes(String token) {
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
        return Arrays.copyOf(bytes, size);
    }

    /**
     * GPT-2's byte-to-character table, inverted: printable Latin-1 bytes stand for themselves, the other 68 bytes
     * are spelled with the characters from U+0100 upwards, in byte order.
     */
    private static int[] byteLevelDecoder() {
        int[] decoder = new int[256 + 68];
        Arrays.fill(decoder, -1);
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            decoder[printable ? b : next++] = b;
        }
        return decoder;
    }
}
