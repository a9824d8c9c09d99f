package dev.visibility.hub;

import java.nio.file.Path;

/**
 * A model folder on disk that holds {@code config.json}, {@code model.safetensors} and {@code tokenizer.json},
 * and the identity that cache keys of precomputed results use.
 *
 * @param name     the model as shown to people: {@code openai-community/gpt2}, {@code org/name@v1}, or the folder
 *                 as the user gave it
 * @param folder   the folder holding the three files (for hub models, a snapshot in the Hugging Face cache)
 * @param identity {@code <repo>@<40-hex commit>} for hub models, {@code sha256:<hex of model.safetensors>} for
 *                 local folders: it changes exactly when the weights or the tokenizer may have changed
 */
public record LocatedModel(String name, Path folder, String identity) {
}
