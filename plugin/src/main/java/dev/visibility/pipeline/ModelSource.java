package dev.visibility.pipeline;

import dev.visibility.hub.LocatedModel;
import dev.visibility.hub.ModelNotAvailableException;

/** Turns a model name from a block or the site's settings into a folder on disk (normally the hub's locator). */
@FunctionalInterface
public interface ModelSource {
    /** The model called {@code name}; the exception's message tells the user what to do. */
    LocatedModel locate(String name) throws ModelNotAvailableException;
}
