package dev.visibility.pipeline;

import dev.visibility.hub.LocatedModel;
import dev.visibility.hub.ModelNotAvailableException;
import dev.visibility.model.ModelTokenizer;
import dev.visibility.model.ModelConfig;
import dev.visibility.model.ModelLoadException;
import dev.visibility.model.Residual;
import dev.visibility.model.TorchSettings;
import dev.visibility.model.Transformer;

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
    private final Map<Path, ModelTokenizer> tokenizers = new HashMap<>();
    private final Map<Path, ModelConfig> configs = new HashMap<>();
    private final Map<String, Transformer> models = new HashMap<>();
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
    public ModelTokenizer tokenizer(LocatedModel model) throws ModelLoadException {
        ModelTokenizer tokenizer = tokenizers.get(model.folder());
        if (tokenizer == null) {
            tokenizer = ModelTokenizer.load(model.folder());
            tokenizers.put(model.folder(), tokenizer);
        }
        return tokenizer;
    }

    /** The configuration of {@code model}; reads no weights. */
    public ModelConfig config(LocatedModel model) throws ModelLoadException {
        ModelConfig config = configs.get(model.folder());
        if (config == null) {
            config = ModelConfig.read(model.folder().resolve("config.json"));
            configs.put(model.folder(), config);
        }
        return config;
    }

    /**
     * The weights of {@code model}, loading them on the first call; a hub model's weights are downloaded then, and
     * only then.
     */
    public Transformer weights(LocatedModel model, Residual residual) throws ModelLoadException,
            ModelNotAvailableException {
        String key = model.folder() + "\n" + residual.id();
        Transformer transformer = models.get(key);
        if (transformer == null) {
            TorchSettings.requireNatives();
            transformer = Transformer.load(model.folderWithWeights(), residual);
            models.put(key, transformer);
            loads++;
        }
        return transformer;
    }

    /** How many times weights were loaded; an unchanged rebuild keeps this at 0. */
    public int loads() {
        return loads;
    }

    @Override
    public void close() {
        models.values().forEach(Transformer::close);
        tokenizers.values().forEach(ModelTokenizer::close);
        models.clear();
        tokenizers.clear();
    }
}
