package dev.visibility.hub;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the model a user names into a folder on disk, the way the Hugging Face tools do.
 *
 * <p>A model is a local folder (with {@code config.json}, {@code tokenizer.json} and {@code model.safetensors} or
 * sharded safetensors weights), a hub id ({@code gpt2}, {@code openai-community/gpt2-medium}, {@code org/name}),
 * or a hub id pinned to a revision ({@code org/name@v1}, {@code org/name@<commit>}). Hub models come from the
 * standard Hugging Face cache, which Python tools share, and are downloaded into it when missing.
 * {@code HF_HOME}, {@code HF_HUB_CACHE}, {@code HF_ENDPOINT}, {@code HF_TOKEN} and {@code HF_HUB_OFFLINE} mean
 * what they mean to huggingface_hub.
 */
public final class ModelLocator {
    private final HubSettings settings;
    private final HubResolver hub;
    private final LocalFolder local;

    /** A locator for the given environment variables that reports downloads to {@code progress}. */
    public ModelLocator(Map<String, String> env, ProgressSink progress) {
        HubConnection connection = HubConnection.open(env, progress);
        this.settings = connection.settings();
        this.hub = new HubResolver(connection);
        this.local = new LocalFolder(new WeightsHashMemo(settings.userCache().resolve("visibility")
                .resolve("weights-sha256")));
    }

    /**
     * Finds {@code model}, downloading its configuration and tokenizer if needed; the weights of a hub model follow
     * only when {@link LocatedModel#folderWithWeights()} asks for them. An existing folder wins over a hub id of the
     * same name, as in {@code from_pretrained}.
     *
     * @throws ModelNotAvailableException with a message that says what to do next
     */
    public LocatedModel locate(String model) throws ModelNotAvailableException {
        String name = model.trim();
        Optional<Path> folder = folder(name);
        if (folder.isPresent()) {
            return local.locate(name, folder.get());
        }
        return hub.resolve(HubRepoId.parseModel(name).orElseThrow(() -> Failures.notAModel(name)));
    }

    /** The folder {@code name} names, if it exists; {@code ~} is expanded because Markdown blocks get no shell. */
    private Optional<Path> folder(String name) {
        if (name.isEmpty()) {
            return Optional.empty();
        }
        try {
            Path path = name.equals("~") || name.startsWith("~/")
                    ? settings.home().resolve(name.substring(1).replaceFirst("^/", ""))
                    : Path.of(name);
            return Files.isDirectory(path) ? Optional.of(path) : Optional.empty();
        } catch (InvalidPathException notAPath) {
            return Optional.empty();
        }
    }
}
