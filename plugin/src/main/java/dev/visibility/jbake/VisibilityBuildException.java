package dev.visibility.jbake;

/**
 * Stops the site build with a message for its author, such as {@code content/post.md:12: unknown option 'colour'}.
 * It is unchecked because JBake's extension points declare no exceptions; JBake lets it end the bake.
 */
public final class VisibilityBuildException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public VisibilityBuildException(String message) {
        super(message);
    }

    public VisibilityBuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
