package dev.visibility.hub;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A model whose configuration and tokenizer are on disk, with the identity that cache keys of precomputed results
 * use. Its weights may still be on the hub: {@link #folderWithWeights()} fetches them, and only computing needs
 * them.
 */
public final class LocatedModel {
    /** Puts {@code model.safetensors} into the model's folder if it is not there yet. */
    @FunctionalInterface
    interface WeightsFetch {
        void fetch() throws ModelNotAvailableException;
    }

    private final String name;
    private final Path folder;
    private final String identity;
    private final WeightsFetch weights;

    /**
     * A model whose weights are already in {@code folder}.
     *
     * @param name     the model as shown to people: {@code openai-community/gpt2}, {@code org/name@v1}, or the
     *                 folder as the user gave it
     * @param folder   the folder holding {@code config.json}, {@code tokenizer.json} and, once fetched,
     *                 {@code model.safetensors} (for hub models, a snapshot in the Hugging Face cache)
     * @param identity {@code <repo>@<40-hex commit>} for hub models, {@code sha256:<hex of model.safetensors>} for
     *                 local folders: it changes exactly when the weights or the tokenizer may have changed
     */
    public LocatedModel(String name, Path folder, String identity) {
        this(name, folder, identity, () -> { });
    }

    LocatedModel(String name, Path folder, String identity, WeightsFetch weights) {
        this.name = name;
        this.folder = folder;
        this.identity = identity;
        this.weights = weights;
    }

    public String name() {
        return name;
    }

    /** The folder with {@code config.json} and {@code tokenizer.json}; the weights may not be there yet. */
    public Path folder() {
        return folder;
    }

    public String identity() {
        return identity;
    }

    /**
     * The folder, with {@code model.safetensors} in it: downloaded into the Hugging Face cache first if needed.
     *
     * @throws ModelNotAvailableException with a message that says what to do next
     */
    public Path folderWithWeights() throws ModelNotAvailableException {
        weights.fetch();
        return folder;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LocatedModel model && name.equals(model.name) && folder.equals(model.folder)
                && identity.equals(model.identity);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, folder, identity);
    }

    @Override
    public String toString() {
        return name + " (" + identity + ") in " + folder;
    }
}
