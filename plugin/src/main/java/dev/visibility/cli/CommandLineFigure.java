package dev.visibility.cli;

import dev.visibility.corpus.CorpusException;
import dev.visibility.hub.ModelNotAvailableException;
import dev.visibility.influence.Direction;
import dev.visibility.influence.NonFiniteInfluenceException;
import dev.visibility.model.ModelLoadException;
import dev.visibility.model.Residual;
import dev.visibility.model.TorchSettings;
import dev.visibility.page.View;
import dev.visibility.pipeline.BlockDefaults;
import dev.visibility.pipeline.CorpusRoots;
import dev.visibility.pipeline.DirectiveException;
import dev.visibility.pipeline.FigurePipeline;
import dev.visibility.pipeline.PreparedBlock;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * A block from the command line ({@code compute}, {@code export}) through the same pipeline and cache as a block
 * of a post: models and datasets from the hub or local folders, relative corpus files from the working directory,
 * every complaint at the flag or file line to fix.
 */
final class CommandLineFigure {
    private CommandLineFigure() {
    }

    /**
     * @param model     the model of a block that names none
     * @param maxTokens the longest text accepted
     * @param environment where models, datasets and the default cache are found; its {@code VISIBILITY_MODEL}
     *                    replaces {@code model} and the block's own, as in a site build
     * @throws UsageException for what the user can fix in the flags or the block
     * @throws ModelNotAvailableException, ModelLoadException, NonFiniteInfluenceException when the model cannot
     *         give the figure: failures of the run, not of its usage, so they keep their own exit status
     */
    static PreparedBlock build(CommandLineBlock block, Arguments arguments, String model, int maxTokens,
                               Map<String, String> environment, PrintStream log)
            throws UsageException, IOException, ModelNotAvailableException, ModelLoadException,
            NonFiniteInfluenceException, CorpusException {
        Path cache = arguments.has("cache") ? Path.of(arguments.required("cache"))
                : FigurePipeline.defaultCacheFolder(environment);
        // The user names the corpus file on the command line: it may be anywhere.
        BlockDefaults defaults = new BlockDefaults(model, BlockDefaults.modelOverride(environment), View.EXPLORER,
                Direction.BOTH, Residual.CENTERED, maxTokens, CorpusRoots.ANYWHERE);
        int threads = arguments.positiveInt("threads", TorchSettings.defaultThreads());
        TorchSettings.configure(threads);
        try (FigurePipeline pipeline = FigurePipeline.overHub(defaults, environment, TerminalProgress.on(log), cache,
                log::println, log::println, threads)) {
            // A relative corpus file is taken from the working directory, as every path on a command line is.
            PreparedBlock prepared = pipeline.build(block.directive(), block.label(), Path.of("").toAbsolutePath());
            int unwritten = pipeline.report().unwritten();
            if (unwritten > 1) {
                log.println("visibility: " + unwritten + " computed heatmaps could not be kept in the cache " + cache);
            }
            return prepared;
        } catch (DirectiveException e) {
            if (e.getCause() instanceof ModelNotAvailableException cause) {
                throw cause;
            }
            if (e.getCause() instanceof ModelLoadException cause) {
                throw cause;
            }
            if (e.getCause() instanceof NonFiniteInfluenceException cause) {
                throw cause;
            }
            if (e.getCause() instanceof CorpusException cause) {
                // A file that cannot be used is a failure of the run (exit status 1), not of its flags.
                throw new CorpusException(block.error(e).getMessage(), cause);
            }
            throw block.error(e);
        } catch (IOException e) {
            // Writing the cache only warns (HeatmapCache.write), so what fails here is reading it.
            throw new IOException("cannot read the heatmap cache in " + cache + " (" + e.getMessage()
                    + "); give --cache another folder", e);
        }
    }
}
