package dev.visibility.hub;

/**
 * The model or dataset could not be found, downloaded or verified. The message is meant for the person running
 * the build: it says what went wrong and what to do next.
 */
public final class ModelNotAvailableException extends Exception {
    private static final long serialVersionUID = 1L;

    /** A failure with no underlying exception. */
    public ModelNotAvailableException(String message) {
        super(message);
    }

    /** A failure caused by {@code cause}, kept for stack traces. */
    public ModelNotAvailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
