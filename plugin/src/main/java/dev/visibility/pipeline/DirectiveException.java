package dev.visibility.pipeline;

/**
 * A visibility block that cannot be built. It carries the line of the Markdown where the problem is, so that the
 * site generator can report {@code content/post.md:LINE: reason}.
 */
public class DirectiveException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final String reason;

    /**
     * @param line   1-based line in the Markdown text that was scanned
     * @param reason what is wrong and how to fix it
     */
    public DirectiveException(int line, String reason) {
        super("line " + line + ": " + reason);
        this.line = line;
        this.reason = reason;
    }

    /** Same, keeping the underlying failure for stack traces. */
    public DirectiveException(int line, String reason, Throwable cause) {
        this(line, reason);
        initCause(cause);
    }

    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
