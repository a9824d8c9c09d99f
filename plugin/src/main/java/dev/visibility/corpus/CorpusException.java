package dev.visibility.corpus;

/** A corpus that cannot be read; the message names the file, and the line or row where that helps. */
public final class CorpusException extends Exception {
    public CorpusException(String message) {
        super(message);
    }

    public CorpusException(String message, Throwable cause) {
        super(message, cause);
    }
}
