package dev.visibility.hub;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A model whose configuration and tokenizer are on disk, with the identity that cache keys of precomputed results
 * use. Its weights may still be on the hub: {@link #folderWithWeights()} fetches them, and only computing needs
 * them.
 */
public final class LocatedModel {
    /** Puts the weights into the model's folder if they are not there yet. */
    @FunctionalInterface
    interface WeightsFetch {
        void fetch() throws ModelNotAvailableException;
    }

    /** How the identity of a local folder begins: the hash of its weights. */
    static final String LOCAL_IDENTITY_PREFIX = "sha256:";

    private final String name;
    private final Path folder;
    private final String identity;
    private final WeightsFetch weights;

    /**
     * A model whose weights are already in {@code folder}.
     *
     * @param name     the model as shown to people: {@code openai-community/gpt2}, {@code org/name@v1}, or the
     *                 folder as the user gave it
     * @param folder   the folder holding {@code config.json}, {@code tokenizer.json} and, once fetched, the
     *                 weights (for hub models, a snapshot in the Hugging Face cache)
     * @param identity {@code <repo>@<40-hex commit>} for hub models, {@code sha256:<hex>} of the weights for
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
     * The model as a published page names it: a hub model by its name, a local folder by its last part only, so
     * that no path of the author's machine is published.
     */
    public String publicName() {
        if (!identity.startsWith(LOCAL_IDENTITY_PREFIX)) {
            return name;
        }
        Path last = folder.getFileName();
        return last == null ? "a local model" : last.toString();
    }

    /**
     * The folder, with the weights in it: downloaded into the Hugging Face cache first if needed. The folder then
     * holds {@code model.safetensors}, or, when it has none, {@code model.safetensors.index.json} and every shard
     * that the index names.
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
