package dev.visibility.pipeline;

import dev.visibility.hub.DatasetLocator;
import dev.visibility.hub.ModelLocator;
import dev.visibility.hub.ProgressSink;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one path from a visibility block to its data file: locate the model, tokenize, take {@code G} from the
 * cache or compute it, encode the data file. The JBake plugin and the command line ({@code compute} and
 * {@code export}) both build their figures here, so they share the cache, the errors and the bytes they publish.
 *
 * <p>A pipeline builds one block at a time and is not thread-safe; the caller configures the engine
 * ({@link dev.visibility.model.TorchSettings#configure}) before the first block.
 */
public final class FigurePipeline implements AutoCloseable {
    private final ModelPool models;
    private final Precomputer precomputer;
    private final BlockBuilder builder;
    private int blocks;

    /**
     * What a pipeline has done so far. Figures, texts and corpus samples are counted apart: a corpus figure
     * averages many samples, and a corpus figure whose mean is cached needs none of them.
     *
     * @param figures         blocks built
     * @param textsComputed   matrices of a block's text computed
     * @param textsCached     matrices of a block's text taken from the cache
     * @param samplesComputed matrices of corpus samples computed
     * @param samplesCached   matrices of corpus samples taken from the cache
     * @param modelLoads      how often model weights were loaded (0 when everything was cached)
     * @param unwritten       computed matrices that the cache could not keep
     */
    public record Report(int figures, int textsComputed, int textsCached, int samplesComputed, int samplesCached,
                         int modelLoads, int unwritten) {
        /**
         * The build log's summary, e.g. {@code 11 figures; texts: 4 computed, 6 from the cache; corpus samples: 32
         * computed, 0 from the cache; model loaded 1 time}; samples only where a corpus needed them.
         */
        public String summary() {
            String samples = samplesComputed + samplesCached == 0 ? ""
                    : "; corpus samples: " + samplesComputed + " computed, " + samplesCached + " from the cache";
            return count(figures, "figure") + "; texts: " + textsComputed + " computed, " + textsCached
                    + " from the cache" + samples + "; model loaded " + count(modelLoads, "time")
                    + (unwritten == 0 ? "" : "; " + unwritten + " computed heatmaps could not be kept in the cache");
        }

        private static String count(int count, String noun) {
            return count + " " + noun + (count == 1 ? "" : "s");
        }
    }

    /**
     * @param defaults    what blocks get for options they leave out
     * @param source      where model names lead (normally the hub's locator)
     * @param datasets    where the hub datasets of corpus blocks lead
     * @param cacheFolder the folder of computed matrices
     * @param progress    receives a line per block and progress lines while {@code G} is computed
     * @param warnings    receives a line when a damaged cache entry is thrown away, or the cache cannot be written
     * @param threads     the thread count the engine was configured with, for the cost announced before computing
     * @param speed       this machine's speed, for the same cost; asked for once, before the first computation
     */
    public FigurePipeline(BlockDefaults defaults, ModelSource source, CorpusFigure.DatasetSource datasets,
                          Path cacheFolder, Consumer<String> progress, Consumer<String> warnings, int threads,
                          Supplier<EngineSpeed> speed) {
        this.models = new ModelPool(source);
        this.precomputer = new Precomputer(models, new HeatmapCache(cacheFolder, warnings), progress, threads,
                speed);
        this.builder = new BlockBuilder(defaults, models, precomputer, datasets, progress);
    }

    /**
     * A pipeline whose models and datasets are local folders and files or come from the Hugging Face hub, as the
     * JBake plugin and the command line use it. It remembers this machine's speed for a day in
     * {@code engine-speed/} beside the default cache folder.
     *
     * @param environment the {@code HF_*}, {@code HOME} and {@code XDG_CACHE_HOME} variables to follow
     * @param downloads   receives the progress of downloads
     */
    public static FigurePipeline overHub(BlockDefaults defaults, Map<String, String> environment,
                                         ProgressSink downloads, Path cacheFolder, Consumer<String> progress,
                                         Consumer<String> warnings, int threads) {
        DatasetLocator datasets = new DatasetLocator(environment, downloads);
        EngineSpeedMemo speeds = new EngineSpeedMemo(defaultCacheFolder(environment).resolve("engine-speed"),
                Clock.systemUTC());
        return new FigurePipeline(defaults, new ModelLocator(environment, downloads)::locate,
                (dataset, split) -> datasets.locate(dataset, split).files(), cacheFolder, progress, warnings, threads,
                () -> speeds.speed(threads, EngineSpeed::measure));
    }

    /**
     * The cache folder a build uses unless told otherwise: {@code $XDG_CACHE_HOME/visibility}, else
     * {@code ~/.cache/visibility}, with {@code ~} the environment's {@code HOME} (as the Hugging Face cache reads
     * it) or else the JVM's {@code user.home}.
     */
    public static Path defaultCacheFolder(Map<String, String> environment) {
        String xdg = environment.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "visibility");
        }
        String home = environment.get("HOME");
        return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".cache", "visibility");
    }

    /**
     * @param label  names the block in progress lines, e.g. {@code content/post.md:12}
     * @param folder where a relative corpus file is found: the post's folder, or the working directory
     * @throws DirectiveException for anything the author can fix, at the line to fix
     * @throws IOException        if the cache cannot be read or written
     */
    public PreparedBlock build(Directive directive, String label, Path folder) throws DirectiveException, IOException {
        PreparedBlock block = builder.build(directive, label, folder);
        blocks++;
        return block;
    }

    public Report report() {
        return new Report(blocks, precomputer.textsComputed(), precomputer.textsCached(),
                precomputer.samplesComputed(), precomputer.samplesCached(), models.loads(), precomputer.unwritten());
    }

    /** Releases the models' native memory. */
    @Override
    public void close() {
        models.close();
    }
}
