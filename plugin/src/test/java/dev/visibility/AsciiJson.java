package dev.visibility;

/** JSON text as Python's {@code json.dumps} writes it by default: every character beyond ASCII as an escape. */
public final class AsciiJson {
    private AsciiJson() {
    }

    /** {@code json} with each non-ASCII UTF-16 unit as {@code \}{@code uXXXX}, so a lone surrogate survives. */
    public static String of(String json) {
        StringBuilder escaped = new StringBuilder(json.length());
        for (char c : json.toCharArray()) {
            escaped.append(c < 128 ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return escaped.toString();
    }
}
