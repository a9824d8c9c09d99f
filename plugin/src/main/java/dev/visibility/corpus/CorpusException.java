package dev.visibility.corpus;

import dev.visibility.io.LogText;

import java.util.Collection;

/** A corpus that cannot be read; the message names the file, and the line or row where that helps. */
public final class CorpusException extends Exception {
    public CorpusException(String message) {
        super(message);
    }

    public CorpusException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Names from a file (fields, columns), as a message lists them: one line whatever they hold, none huge. */
    static String shown(Collection<String> names) {
        return names.stream().map(name -> LogText.excerpt(name, 100)).toList().toString();
    }
}
