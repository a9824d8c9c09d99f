package dev.visibility.io;

/**
 * Makes untrusted text (a post's line, a header from the network) safe to print in a build log: control characters
 * and line separators are shown as {@code \}{@code uXXXX} escapes, so that an ANSI escape sequence cannot recolour or
 * rewrite the terminal and a stray separator cannot fake a second log line.
 */
public final class LogText {
    private LogText() {
    }

    /** {@code text} with every control character and line or paragraph separator escaped. */
    public static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                escaped.append(String.format("\\u%04x", c));
            } else {
                escaped.appendCodePoint(c);
            }
        });
        return escaped.toString();
    }

    /** {@link #escape escaped} and cut to at most {@code max} characters, for values that may be huge. */
    public static String excerpt(String text, int max) {
        String escaped = escape(text.length() > max ? text.substring(0, max) : text);
        return text.length() > max ? escaped + "…" : escaped;
    }
}
