package dev.visibility.jbake;

import dev.visibility.build.Directive;
import dev.visibility.build.DirectiveException;
import dev.visibility.build.FigurePipeline;
import dev.visibility.build.PreparedBlock;
import dev.visibility.hub.DatasetLocator;
import dev.visibility.hub.ModelLocator;
import org.jbake.app.configuration.JBakeConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The visibility work of one bake. JBake creates a fresh configuration object for every bake and hands the same
 * one to the markup engine and the rendering tools, so the configuration identifies the bake: blocks parsed while
 * it is current share one {@link FigurePipeline} (each model loads at most once, and only on a cache miss), and
 * the rendering step finishes it.
 */
final class SiteBuild {
    private static final Logger LOG = LoggerFactory.getLogger(SiteBuild.class);
    private static SiteBuild current;
    private static FigurePipeline.Report lastReport;
    /** The process environment; tests put their own, since a surefire fork inherits the caller's. */
    private static Map<String, String> environment = System.getenv();

    private final JBakeConfiguration config;
    private final SiteSettings settings;
    private final FigurePipeline pipeline;
    private final Map<String, byte[]> dataFiles = new LinkedHashMap<>();

    private SiteBuild(JBakeConfiguration config) {
        this.config = config;
        this.settings = SiteSettings.read(config, environment);
        this.pipeline = new FigurePipeline(settings.defaults(),
                new ModelLocator(environment, System.err, System.console() != null)::locate,
                (dataset, split) -> new DatasetLocator(environment, System.err, System.console() != null)
                        .locate(dataset, split).files(),
                settings.cacheFolder(), settings.threads(), LOG::info, LOG::warn);
    }

    /** The build of the bake that {@code config} belongs to; a new bake releases what an unfinished one held. */
    static synchronized SiteBuild of(JBakeConfiguration config) {
        if (current != null && current.config != config) {
            current.pipeline.close();
            current = null;
        }
        if (current == null) {
            current = new SiteBuild(config);
        }
        return current;
    }

    /** Ends the bake of {@code config}: releases the models and returns the build, if any block was seen. */
    static synchronized Optional<SiteBuild> finish(JBakeConfiguration config) {
        if (current == null || current.config != config) {
            return Optional.empty();
        }
        SiteBuild build = current;
        current = null;
        build.pipeline.close();
        lastReport = build.report();
        return Optional.of(build);
    }

    /** What this bake has done so far. */
    FigurePipeline.Report report() {
        return pipeline.report();
    }

    /** Replaces the environment that later bakes read {@code VISIBILITY_MODEL} and the cache folder from. */
    static synchronized void useEnvironment(Map<String, String> variables) {
        environment = Map.copyOf(variables);
    }

    /** What the last finished bake did, for the build log and for tests. */
    static synchronized Optional<FigurePipeline.Report> lastReport() {
        return Optional.ofNullable(lastReport);
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
