package dev.visibility.pipeline;

import dev.visibility.hub.LocatedModel;
import dev.visibility.hub.ModelNotAvailableException;
import dev.visibility.influence.InfluenceComputation;
import dev.visibility.influence.InfluenceMatrix;
import dev.visibility.influence.NonFiniteInfluenceException;
import dev.visibility.model.ModelLoadException;
import dev.visibility.model.Residual;
import dev.visibility.model.TokenizedText;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Gives the influence matrix of a text: from the cache when it is there, otherwise computed (loading the model
 * on first need) and stored. Every request is reported with its token count and time.
 */
public final class Precomputer {
    /** Progress is reported at these fractions of the targets done, so a long computation shows it is alive. */
    private static final int PROGRESS_STEPS = 4;

    private final ModelPool models;
    private final HeatmapCache cache;
    private final Consumer<String> log;
    private final int threads;
    private final Supplier<EngineSpeed> machineSpeed;
    private EngineSpeed speed;
    // Texts and corpus samples are counted apart: a corpus figure has hundreds of samples, a text figure one text.
    private int textsComputed;
    private int textsCached;
    private int samplesComputed;
    private int samplesCached;

    /**
     * @param threads      the engine's thread count, for the time that a computation announces
     * @param machineSpeed this machine's speed, asked for once, before the first computation
     */
    public Precomputer(ModelPool models, HeatmapCache cache, Consumer<String> log, int threads,
                       Supplier<EngineSpeed> machineSpeed) {
        this.models = models;
        this.cache = cache;
        this.log = log;
        this.threads = threads;
        this.machineSpeed = machineSpeed;
    }

    /**
     * @param label names the request in progress lines, e.g. {@code content/post.md:12}
     */
    public InfluenceMatrix matrix(String label, LocatedModel model, Residual residual, TokenizedText text)
            throws ModelLoadException, ModelNotAvailableException, IOException, NonFiniteInfluenceException {
        String key = CacheKey.of(model.identity(), residual, text.ids());
        long start = System.nanoTime();
        Optional<InfluenceMatrix> hit = cache.read(key, models.config(model).layers(), text.size());
        if (hit.isPresent()) {
            textsCached++;
            log.accept(label + ": " + text.size() + " tokens, " + model.name() + " (" + residual.id()
                    + "): cached, " + seconds(start));
            return hit.get();
        }
        // The cost comes before the weights load: a long text takes hours, and nobody should learn that by waiting.
        // Its speed is this machine's, measured as the benchmark measures it (once per build, or remembered for a
        // day), not assumed from another machine.
        if (speed == null) {
            speed = machineSpeed.get();
        }
        log.accept(label + ": " + text.size() + " tokens, " + model.name() + " (" + residual.id() + "): computing "
                + ComputeCost.of(models.config(model), text.size(), speed).describe(threads));
        InfluenceMatrix matrix = compute(key, model, residual, text.ids(), progress(label));
        textsComputed++;
        log.accept(label + ": " + text.size() + " tokens: computed in " + seconds(start));
        return matrix;
    }

    /**
     * The {@code G} of one sample of a corpus, from the cache or computed, without lines of its own: the corpus
     * reports its samples together.
     */
    public InfluenceMatrix sample(LocatedModel model, Residual residual, long[] ids)
            throws ModelLoadException, ModelNotAvailableException, IOException, NonFiniteInfluenceException {
        String key = CacheKey.of(model.identity(), residual, ids);
        Optional<InfluenceMatrix> hit = cache.read(key, models.config(model).layers(), ids.length);
        if (hit.isPresent()) {
            samplesCached++;
            return hit.get();
        }
        InfluenceMatrix matrix = compute(key, model, residual, ids, InfluenceComputation.Progress.NONE);
        samplesComputed++;
        return matrix;
    }

    /**
     * What is stored under {@code key}, such as a corpus's mean, if it has {@code layers} and {@code positions};
     * nothing is counted as a cache hit.
     */
    public Optional<InfluenceMatrix> stored(String key, int layers, int positions) throws IOException {
        return cache.read(key, layers, positions);
    }

    /** Stores {@code matrix} under {@code key}. */
    public void store(String key, InfluenceMatrix matrix) {
        cache.write(key, matrix);
    }

    private InfluenceMatrix compute(String key, LocatedModel model, Residual residual, long[] ids,
                                    InfluenceComputation.Progress progress)
            throws ModelLoadException, ModelNotAvailableException, NonFiniteInfluenceException {
        InfluenceMatrix matrix = InfluenceComputation.compute(models.weights(model, residual), ids, progress);
        cache.write(key, matrix);
        return matrix;
    }

    private InfluenceComputation.Progress progress(String label) {
        int[] reported = {0};
        return (done, total) -> {
            int step = done * PROGRESS_STEPS / total;
            if (step > reported[0] && done < total) {
                reported[0] = step;
                log.accept(label + ": " + done + " of " + total + " heatmaps computed");
            }
        };
    }

    /** How many texts' matrices were computed in this build. */
    public int textsComputed() {
        return textsComputed;
    }

    /** How many texts' matrices came from the cache in this build. */
    public int textsCached() {
        return textsCached;
    }

    /** How many corpus samples' matrices were computed in this build. */
    public int samplesComputed() {
        return samplesComputed;
    }

    /** How many corpus samples' matrices came from the cache in this build. */
    public int samplesCached() {
        return samplesCached;
    }

    /** How many computed matrices the cache could not keep in this build. */
    public int unwritten() {
        return cache.unwritten();
    }

    private static String seconds(long start) {
        return String.format("%.1f s", (System.nanoTime() - start) / 1e9);
    }
}
