package dev.visibility.jbake;

import dev.visibility.pipeline.FigurePipeline;
import dev.visibility.io.AtomicFiles;
import dev.visibility.page.PageAssets;
import dev.visibility.page.PlotlyChoice;
import org.apache.commons.configuration2.CompositeConfiguration;
import org.jbake.app.ContentStore;
import org.jbake.app.Renderer;
import org.jbake.app.configuration.JBakeConfiguration;
import org.jbake.parser.Engines;
import org.jbake.parser.ParserEngine;
import org.jbake.render.RenderingTool;
import org.jbake.template.RenderingException;

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
    @Override
    public int render(Renderer renderer, ContentStore db, JBakeConfiguration config) throws RenderingException {
        ParserEngine markdown = Engines.get(VisibilityHead.MARKDOWN);
        if (!(markdown instanceof VisibilityMarkdownEngine engine)) {
            throw new RenderingException("visibility: .md files were rendered by " + markdown
                    + " instead of " + VisibilityMarkdownEngine.class.getName() + ", so visibility blocks were left as "
                    + "code; make sure the visibility plugin jar is among the jbake-maven-plugin's dependencies");
        }
        Optional<SiteBuild> finished = engine.bake().finish(config);
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
        build.host().info().accept("visibility: " + report.summary() + "; heatmap cache: "
                + build.settings().cacheFolder());
        build.host().finished().accept(report);
        return build.dataFiles().size();
    }

    /** The pre-2.6 entry point; JBake's {@code Oven} no longer calls it. */
    @Override
    public int render(Renderer renderer, ContentStore db, File destination, File templatesPath,
                      CompositeConfiguration config) throws RenderingException {
        throw new RenderingException("visibility needs JBake 2.6 or later, which renders with a JBakeConfiguration");
    }
}
