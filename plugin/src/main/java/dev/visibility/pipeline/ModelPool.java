package dev.visibility.pipeline;

import dev.visibility.hub.LocatedModel;
import dev.visibility.hub.ModelNotAvailableException;
import dev.visibility.model.Gpt2;
import dev.visibility.model.Gpt2Config;
import dev.visibility.model.Gpt2Tokenizer;
import dev.visibility.model.ModelLoadException;
import dev.visibility.model.Residual;
import dev.visibility.model.TorchSettings;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The models of one site build. Names are located, and tokenizers and configurations read, once per model; the
 * weights, which are expensive, are downloaded and loaded only when a heatmap is actually missing from the cache,
 * and at most once per model and residual convention.
 *
 * <p>Not thread-safe: a pool serves one build, which builds its blocks one after the other (see
 * {@code README.md}, "Threading"). The engine's settings are the caller's to make first
 * ({@link TorchSettings#configure}).
 */
public final class ModelPool implements AutoCloseable {
    private final ModelSource source;
    private final Map<String, LocatedModel> located = new HashMap<>();
    private final Map<Path, Gpt2Tokenizer> tokenizers = new HashMap<>();
    private final Map<Path, Gpt2Config> configs = new HashMap<>();
    private final Map<String, Gpt2> models = new HashMap<>();
    private int loads;

    public ModelPool(ModelSource source) {
        this.source = source;
    }

    /** The model called {@code name}. */
    public LocatedModel locate(String name) throws ModelNotAvailableException {
        LocatedModel model = located.get(name);
        if (model == null) {
            model = source.locate(name);
            located.put(name, model);
        }
        return model;
    }

    /** The tokenizer of {@code model}; reads no weights. */
    public Gpt2Tokenizer tokenizer(LocatedModel model) throws ModelLoadException {
        Gpt2Tokenizer tokenizer = tokenizers.get(model.folder());
        if (tokenizer == null) {
            tokenizer = Gpt2Tokenizer.load(model.folder());
            tokenizers.put(model.folder(), tokenizer);
        }
        return tokenizer;
    }

    /** The configuration of {@code model}; reads no weights. */
    public Gpt2Config config(LocatedModel model) throws ModelLoadException {
        Gpt2Config config = configs.get(model.folder());
        if (config == null) {
            config = Gpt2Config.read(model.folder().resolve("config.json"));
            configs.put(model.folder(), config);
        }
        return config;
    }

    /**
     * The weights of {@code model}, loading them on the first call; a hub model's weights are downloaded then, and
     * only then.
     */
    public Gpt2 weights(LocatedModel model, Residual residual) throws ModelLoadException, ModelNotAvailableException {
        String key = model.folder() + "\n" + residual.id();
        Gpt2 gpt2 = models.get(key);
        if (gpt2 == null) {
            TorchSettings.requireNatives();
            gpt2 = Gpt2.load(model.folderWithWeights(), residual);
            models.put(key, gpt2);
            loads++;
        }
        return gpt2;
    }

    /** How many times weights were loaded; an unchanged rebuild keeps this at 0. */
    public int loads() {
        return loads;
    }

    @Override
    public void close() {
        models.values().forEach(Gpt2::close);
        tokenizers.values().forEach(Gpt2Tokenizer::close);
        models.clear();
        tokenizers.clear();
    }
}
