package dev.visibility.jbake;

import dev.visibility.build.FigurePipeline;
import dev.visibility.io.AtomicFiles;
import dev.visibility.page.PageAssets;
import dev.visibility.page.PlotlyChoice;
import org.apache.commons.configuration2.CompositeConfiguration;
import org.jbake.app.ContentStore;
import org.jbake.app.Renderer;
import org.jbake.app.configuration.JBakeConfiguration;
import org.jbake.parser.Engines;
import org.jbake.render.RenderingTool;
import org.jbake.template.RenderingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The rendering step. JBake runs it after all content is parsed, so every block's heatmaps exist by then; it
 * writes the page script, style and Plotly bundle once, and every block's data file, into {@code visibility/} of
 * the output. Nothing is written if parsing failed, and each file is replaced atomically.
 */
public final class VisibilityPublisher implements RenderingTool {
    private static final Logger LOG = LoggerFactory.getLogger(VisibilityPublisher.class);

    @Override
    public int render(Renderer renderer, ContentStore db, JBakeConfiguration config) throws RenderingException {
        if (!(Engines.get(VisibilityHead.MARKDOWN) instanceof VisibilityMarkdownEngine)) {
            throw new RenderingException("visibility: .md files were rendered by " + Engines.get(VisibilityHead.MARKDOWN)
                    + " instead of " + VisibilityMarkdownEngine.class.getName() + ", so visibility blocks were left as "
                    + "code; make sure the visibility plugin jar is among the jbake-maven-plugin's dependencies");
        }
        Optional<SiteBuild> finished = SiteBuild.finish(config);
        if (finished.isEmpty()) {
            return 0;
        }
        SiteBuild build = finished.get();
        Path folder = config.getDestinationFolder().toPath().resolve(VisibilityMarkdownEngine.FOLDER);
        try {
            PageAssets.writeTo(folder, build.settings().plotly() instanceof PlotlyChoice.Bundled);
            for (Map.Entry<String, byte[]> file : build.dataFiles().entrySet()) {
                Path target = config.getDestinationFolder().toPath()
                        .resolve(VisibilityMarkdownEngine.DATA_FOLDER + file.getKey());
                // Names are content hashes, but a file of an earlier build may have been damaged since.
                AtomicFiles.writeIfDifferent(target, file.getValue());
            }
        } catch (IOException e) {
            throw new RenderingException("visibility: cannot write into " + folder + ": " + e.getMessage(), e);
        }
        FigurePipeline.Report report = build.report();
        LOG.info("visibility: {} blocks, {} computed, {} from the cache in {}; model loaded {} times",
                report.blocks(), report.computed(), report.cached(), build.settings().cacheFolder(),
                report.modelLoads());
        return build.dataFiles().size();
    }

    /** The pre-2.6 entry point; JBake's {@code Oven} no longer calls it. */
    @Override
    public int render(Renderer renderer, ContentStore db, File destination, File templatesPath,
                      CompositeConfiguration config) throws RenderingException {
        throw new RenderingException("visibility needs JBake 2.6 or later, which renders with a JBakeConfiguration");
    }
}
