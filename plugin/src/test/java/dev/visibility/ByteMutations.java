package dev.visibility;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Damage of the kind that a cut download, a bad disk or a careless tool does to a file, applied at random places:
 * each mutation returns new bytes and says what it did.
 */
public final class ByteMutations {
    /** Bytes that readers trip over: byte order marks, line ends, NUL, broken or overlong UTF-8, quotes. */
    private static final List<byte[]> HOSTILE = List.of(bytes(0xEF, 0xBB, 0xBF), bytes('\r', '\n'), bytes('\r'),
            bytes(0), bytes(0xC3), bytes(0xFF), bytes(0xC0, 0x80), bytes(0xED, 0xA0, 0x80), bytes(0xF4, 0x90, 0x80, 0x80),
            bytes('"'), bytes('\\'), bytes('{'), bytes('['), bytes(']'), bytes(','), bytes(':'),
            "\u2028".getBytes(StandardCharsets.UTF_8), "\uD83D\uDE00".getBytes(StandardCharsets.UTF_8));

    /** The mutated bytes and what was done to them. */
    public record Mutated(byte[] bytes, String description) {
    }

    private ByteMutations() {
    }

    /** One random mutation of {@code original}, anywhere in it. */
    public static Mutated any(byte[] original, Random random) {
        return at(original, random, 0, original.length);
    }

    /** One random mutation of {@code original} between {@code from} and {@code to} (exclusive). */
    public static Mutated at(byte[] original, Random random, int from, int to) {
        int at = from + random.nextInt(Math.max(1, to - from));
        int length = original.length;
        switch (random.nextInt(6)) {
            case 0 -> {
                return new Mutated(Arrays.copyOf(original, at), "cut at byte " + at + " of " + length);
            }
            case 1 -> {
                byte[] flipped = original.clone();
                int bit = random.nextInt(8);
                if (at < length) {
                    flipped[at] ^= (byte) (1 << bit);
                }
                return new Mutated(flipped, "bit " + bit + " of byte " + at + " flipped");
            }
            case 2 -> {
                byte[] inserted = HOSTILE.get(random.nextInt(HOSTILE.size()));
                return new Mutated(insert(original, at, inserted), Arrays.toString(inserted) + " inserted at " + at);
            }
            case 3 -> {
                byte[] noise = new byte[1 + random.nextInt(8)];
                random.nextBytes(noise);
                return new Mutated(insert(original, at, noise), Arrays.toString(noise) + " inserted at " + at);
            }
            case 4 -> {
                int end = Math.min(length, at + 1 + random.nextInt(16));
                byte[] removed = new byte[length - (end - at)];
                System.arraycopy(original, 0, removed, 0, at);
                System.arraycopy(original, end, removed, at, length - end);
                return new Mutated(removed, "bytes " + at + " to " + end + " removed");
            }
            default -> {
                byte[] set = original.clone();
                int value = random.nextInt(256);
                if (at < length) {
                    set[at] = (byte) value;
                }
                return new Mutated(set, "byte " + at + " set to " + value);
            }
        }
    }

    private static byte[] insert(byte[] original, int at, byte[] inserted) {
        byte[] result = new byte[original.length + inserted.length];
        System.arraycopy(original, 0, result, 0, at);
        System.arraycopy(inserted, 0, result, at, inserted.length);
        System.arraycopy(original, at, result, at + inserted.length, original.length - at);
        return result;
    }

    private static byte[] bytes(int... values) {
        byte[] result = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (byte) values[i];
        }
        return result;
    }
}
