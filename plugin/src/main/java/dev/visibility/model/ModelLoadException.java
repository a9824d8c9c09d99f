package dev.visibility.model;

/** A model folder or file that cannot be used; the message names the file and, where it applies, the tensor. */
public class ModelLoadException extends Exception {
    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
