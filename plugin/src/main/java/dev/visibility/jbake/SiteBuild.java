package dev.visibility.jbake;

import dev.visibility.pipeline.Directive;
import dev.visibility.pipeline.DirectiveException;
import dev.visibility.pipeline.FigurePipeline;
import dev.visibility.pipeline.UsageTracking;
import dev.visibility.pipeline.PreparedBlock;
import dev.visibility.model.TorchSettings;
import org.jbake.app.configuration.JBakeConfiguration;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The visibility work of one bake: its blocks share one {@link FigurePipeline} (each model loads at most once,
 * and only on a cache miss), and the rendering step publishes their data files. It is the JBake build's entry
 * point, so it configures the engine ({@link TorchSettings#configure}) when the bake meets its first block.
 * Everything it takes from outside comes from the bake's {@link BakeHost}; like {@link CurrentBake}, it serves
 * one bake at a time.
 */
final class SiteBuild implements AutoCloseable {
    private final JBakeConfiguration config;
    private final BakeHost host;
    private final SiteSettings settings;
    private final FigurePipeline pipeline;
    private final Map<String, byte[]> dataFiles = new LinkedHashMap<>();

    SiteBuild(JBakeConfiguration config) {
        this.config = config;
        this.host = BakeHost.of(config);
        this.settings = SiteSettings.read(config, host.environment());
        int threads = settings.threads() != null ? settings.threads() : TorchSettings.defaultThreads();
        UsageTracking.optOut();
        TorchSettings.configure(threads);
        this.pipeline = FigurePipeline.overHub(settings.defaults(), host.environment(), host.info()::accept,
                settings.cacheFolder(), host.info(), host.warnings(), threads);
    }

    /** Whether this is the build of the bake that {@code config} belongs to. */
    boolean belongsTo(JBakeConfiguration config) {
        return this.config == config;
    }

    /** What this bake has done so far. */
    FigurePipeline.Report report() {
        return pipeline.report();
    }

    BakeHost host() {
        return host;
    }

    /** Releases the models; the data files stay for the rendering step. */
    @Override
    public void close() {
        pipeline.close();
    }

    SiteSettings settings() {
        return settings;
    }

    /** Builds one block of {@code file}; its data file is kept for the rendering step. */
    PreparedBlock build(SourceFile file, Directive directive) {
        try {
            PreparedBlock block = pipeline.build(directive, file.at(directive.openLine()), file.folder());
            if (!settings.inlineData()) {
                dataFiles.put(block.dataFileName(), block.data());
            }
            return block;
        } catch (DirectiveException e) {
            throw file.error(e);
        } catch (IOException e) {
            throw new VisibilityBuildException(file.at(directive.openLine()) + ": cannot use the heatmap cache in "
                    + settings.cacheFolder() + " (" + e.getMessage() + "); set visibility.cache to a writable folder",
                    e);
        }
    }

    /** The data files of the blocks built so far, by file name. */
    Map<String, byte[]> dataFiles() {
        return dataFiles;
    }
}
