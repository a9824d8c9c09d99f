package dev.visibility.pipeline;

import dev.visibility.hub.DatasetLocator;
import dev.visibility.hub.ModelLocator;
import dev.visibility.hub.ProgressSink;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

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
     * What a pipeline has done so far.
     *
     * @param blocks     blocks built
     * @param computed   matrices computed
     * @param cached     matrices taken from the cache
     * @param modelLoads how often model weights were loaded (0 when everything was cached)
     * @param unwritten  computed matrices that the cache could not keep
     */
    public record Report(int blocks, int computed, int cached, int modelLoads, int unwritten) {
    }

    /**
     * @param defaults    what blocks get for options they leave out
     * @param source      where model names lead (normally the hub's locator)
     * @param datasets    where the hub datasets of corpus blocks lead
     * @param cacheFolder the folder of computed matrices
     * @param progress    receives a line per block and progress lines while {@code G} is computed
     * @param warnings    receives a line when a damaged cache entry is thrown away, or the cache cannot be written
     * @param threads     the thread count the engine was configured with, for the cost announced before computing
     */
    public FigurePipeline(BlockDefaults defaults, ModelSource source, CorpusFigure.DatasetSource datasets,
                          Path cacheFolder, Consumer<String> progress, Consumer<String> warnings, int threads) {
        this.models = new ModelPool(source);
        this.precomputer = new Precomputer(models, new HeatmapCache(cacheFolder, warnings), progress, threads);
        this.builder = new BlockBuilder(defaults, models, precomputer, datasets, progress);
    }

    /**
     * A pipeline whose models and datasets are local folders and files or come from the Hugging Face hub, as the
     * JBake plugin and the command line use it.
     *
     * @param environment the {@code HF_*}, {@code HOME} and {@code XDG_CACHE_HOME} variables to follow
     * @param downloads   receives the progress of downloads
     */
    public static FigurePipeline overHub(BlockDefaults defaults, Map<String, String> environment,
                                         ProgressSink downloads, Path cacheFolder, Consumer<String> progress,
                                         Consumer<String> warnings, int threads) {
        DatasetLocator datasets = new DatasetLocator(environment, downloads);
        return new FigurePipeline(defaults, new ModelLocator(environment, downloads)::locate,
                (dataset, split) -> datasets.locate(dataset, split).files(), cacheFolder, progress, warnings, threads);
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
        return new Report(blocks, precomputer.computed(), precomputer.cached(), models.loads(),
                precomputer.unwritten());
    }

    /** Releases the models' native memory. */
    @Override
    public void close() {
        models.close();
    }
}
