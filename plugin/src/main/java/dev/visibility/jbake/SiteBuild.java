package dev.visibility.jbake;

import dev.visibility.build.BlockBuilder;
import dev.visibility.build.Directive;
import dev.visibility.build.DirectiveException;
import dev.visibility.build.HeatmapCache;
import dev.visibility.build.ModelPool;
import dev.visibility.build.Precomputer;
import dev.visibility.build.PreparedBlock;
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
 * it is current share one model pool (each model loads at most once, and only on a cache miss), and the rendering
 * step finishes it.
 */
final class SiteBuild {
    private static final Logger LOG = LoggerFactory.getLogger(SiteBuild.class);
    private static SiteBuild current;
    private static Report lastReport;
    /** The process environment; tests put their own, since a surefire fork inherits the caller's. */
    private static Map<String, String> environment = System.getenv();

    private final JBakeConfiguration config;
    private final SiteSettings settings;
    private final ModelPool models;
    private final Precomputer precomputer;
    private final BlockBuilder builder;
    private final Map<String, byte[]> dataFiles = new LinkedHashMap<>();
    private int blocks;

    /**
     * What a finished bake did.
     *
     * @param blocks     blocks built
     * @param computed   matrices computed
     * @param cached     matrices taken from the cache
     * @param modelLoads how often model weights were loaded (0 when everything was cached)
     */
    record Report(int blocks, int computed, int cached, int modelLoads) {
    }

    private SiteBuild(JBakeConfiguration config) {
        this.config = config;
        this.settings = SiteSettings.read(config, environment);
        this.models = new ModelPool(new ModelLocator(environment, System.err, System.console() != null)::locate,
                settings.threads());
        this.precomputer = new Precomputer(models, new HeatmapCache(settings.cacheFolder(), LOG::warn), LOG::info);
        this.builder = new BlockBuilder(settings.defaults(), models, precomputer);
    }

    /** The build of the bake that {@code config} belongs to; a new bake releases what an unfinished one held. */
    static synchronized SiteBuild of(JBakeConfiguration config) {
        if (current != null && current.config != config) {
            current.models.close();
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
        build.models.close();
        lastReport = build.report();
        return Optional.of(build);
    }

    /** What this bake has done so far. */
    Report report() {
        return new Report(blocks, precomputer.computed(), precomputer.cached(), models.loads());
    }

    /** Replaces the environment that later bakes read {@code VISIBILITY_MODEL} and the cache folder from. */
    static synchronized void useEnvironment(Map<String, String> variables) {
        environment = Map.copyOf(variables);
    }

    /** What the last finished bake did, for the build log and for tests. */
    static synchronized Optional<Report> lastReport() {
        return Optional.ofNullable(lastReport);
    }

    SiteSettings settings() {
        return settings;
    }

    /** Builds one block of {@code file}; its data file is kept for the rendering step. */
    PreparedBlock build(SourceFile file, Directive directive) {
        try {
            PreparedBlock block = builder.build(directive, file.at(directive.openLine()));
            blocks++;
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
