package dev.visibility.pipeline;

import dev.visibility.hub.LocatedModel;
import dev.visibility.hub.ModelNotAvailableException;
import dev.visibility.influence.InfluenceMatrix;
import dev.visibility.influence.NonFiniteInfluenceException;
import dev.visibility.model.ModelConfig;
import dev.visibility.model.ModelLoadException;
import dev.visibility.model.Residual;
import dev.visibility.model.TokenizedText;
import dev.visibility.page.BlockOptions;
import dev.visibility.page.CorpusSummary;
import dev.visibility.page.DataFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns a parsed block into what its page needs: the model is located, the text tokenized (or the corpus
 * sampled), the options completed from the defaults and checked against the model and the text, and {@code G}
 * obtained (or its mean and standard deviation over the corpus).
 */
public final class BlockBuilder {
    /** Enough of the data file's SHA-256 to never collide within a site, short enough for tidy URLs. */
    private static final int NAME_HEX_DIGITS = 20;

    private final BlockDefaults defaults;
    private final ModelPool models;
    private final Precomputer precomputer;
    private final CorpusFigure corpora;

    /**
     * @param datasets where hub datasets of corpus blocks come from
     * @param log      receives the progress of corpus blocks
     */
    public BlockBuilder(BlockDefaults defaults, ModelPool models, Precomputer precomputer,
                        CorpusFigure.DatasetSource datasets, Consumer<String> log) {
        this.defaults = defaults;
        this.models = models;
        this.corpora = new CorpusFigure(precomputer, datasets, defaults.corpusRoots(), log);
        this.precomputer = precomputer;
    }

    /**
     * @param label  names the block in progress lines, e.g. {@code content/post.md:12}
     * @param folder where a relative corpus file is found: the post's folder, or the working directory
     * @throws DirectiveException for anything the author can fix, at the line to fix
     * @throws IOException        if the cache cannot be read or written
     */
    public PreparedBlock build(Directive directive, String label, Path folder) throws DirectiveException, IOException {
        int modelLine = directive.lineOf("model");
        LocatedModel model = locate(directive, modelLine);
        try {
            ModelConfig config = models.config(model);
            Residual residual = residual(directive, model, config);
            TokenizedText text;
            InfluenceMatrix matrix;
            CorpusSummary corpus = null;
            if (directive.corpus() != null) {
                CorpusFigure.Result result = corpora.build(directive, folder, label, model, config,
                        models.tokenizer(model), residual, defaults.maxTokens());
                text = positions(directive.corpus().tokensOrDefault());
                matrix = result.mean();
                corpus = result.summary();
            } else {
                text = tokenize(directive, model);
                matrix = precomputer.matrix(label, model, residual, text);
            }
            int layer = inRange(directive.layer(), directive.lineOf("layer"), "layer", middle(config.layers() - 1), config.layers(),
                    model.name() + " has " + config.layers() + " layers");
            int position = inRange(directive.position(), directive.lineOf("position"), "position", middle(text.size()), text.size(),
                    (corpus != null ? "the samples have " : "the text has ") + text.size() + " tokens");
            BlockOptions options = new BlockOptions(
                    directive.view() != null ? directive.view() : defaults.view(), layer, position,
                    directive.direction() != null ? directive.direction() : defaults.direction(),
                    directive.caption(), model.publicName() + ", " + residual.id() + " residual stream");
            byte[] data = DataFile.encode(text, matrix, corpus);
            String name = CacheKey.sha256Hex(data).substring(0, NAME_HEX_DIGITS) + ".json";
            return new PreparedBlock(text, matrix, corpus, options, name, data);
        } catch (ModelNotAvailableException e) {
            throw notAvailable(model.name(), modelLine, e);
        } catch (ModelLoadException e) {
            throw new DirectiveException(modelLine, "cannot read model " + model.name() + ": " + e.getMessage(), e);
        } catch (NonFiniteInfluenceException e) {
            throw new DirectiveException(directive.lineOf(directive.corpus() != null ? "corpus" : "text"),
                    "cannot compute the heatmaps of this " + (directive.corpus() != null ? "corpus" : "text")
                    + " with " + model.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The labels of a corpus figure's positions: its samples differ in their tokens, so they are labelled by
     * position. (The ids are the positions too; nothing reads them.)
     */
    private static TokenizedText positions(int count) {
        long[] ids = new long[count];
        List<String> labels = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            ids[p] = p;
            labels.add(Integer.toString(p));
        }
        return new TokenizedText(ids, labels);
    }

    private LocatedModel locate(Directive directive, int line) throws DirectiveException {
        String name = defaults.modelOverride() != null ? defaults.modelOverride()
                : directive.model() != null ? directive.model() : defaults.model();
        try {
            return models.locate(name);
        } catch (ModelNotAvailableException e) {
            throw notAvailable(name, line, e);
        }
    }

    private static DirectiveException notAvailable(String name, int line, ModelNotAvailableException e) {
        // The locator's message already says how to build offline or with a local folder.
        return new DirectiveException(line, "model '" + name + "' is not available: " + e.getMessage(), e);
    }

    private TokenizedText tokenize(Directive directive, LocatedModel model) throws DirectiveException,
            ModelLoadException {
        try {
            return models.tokenizer(model).encode(directive.text(), defaults.maxTokens());
        } catch (IllegalArgumentException e) {
            throw new DirectiveException(directive.lineOf("text"), e.getMessage());
        }
    }

    /**
     * The block's convention, else the site's where the model's family defines it: centring is defined for the
     * LayerNorm families only, so an RMSNorm model is shown raw unless the block itself asks for centring,
     * which is an error.
     */
    private Residual residual(Directive directive, LocatedModel model, ModelConfig config) throws DirectiveException {
        if (directive.residual() == null) {
            return config.centerable() ? defaults.residual() : Residual.RAW;
        }
        if (directive.residual() == Residual.CENTERED && !config.centerable()) {
            throw new DirectiveException(directive.lineOf("residual"), "residual: centered is not defined for "
                    + model.name() + ", a " + config.modelType() + " model: RMSNorm is changed by a mean shift,"
                    + " so centring would show another model; use residual: raw, or leave residual out");
        }
        return directive.residual();
    }

    /** The state the block's first view shows by default: the middle one, as in the reference figure. */
    private static int middle(int count) {
        return count / 2;
    }

    private static int inRange(Integer value, int line, String option, int fallback, int count, String why)
            throws DirectiveException {
        if (value == null) {
            return fallback;
        }
        if (value >= count) {
            throw new DirectiveException(line, option + " " + value + " is out of range: "
                    + why + ", so " + option + " must be 0 to " + (count - 1));
        }
        return value;
    }
}
