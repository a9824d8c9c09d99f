package dev.visibility.cli;

import dev.visibility.build.BlockDefaults;
import dev.visibility.build.DirectiveException;
import dev.visibility.build.FigurePipeline;
import dev.visibility.build.PreparedBlock;
import dev.visibility.hub.DatasetLocator;
import dev.visibility.hub.ModelLocator;
import dev.visibility.influence.InfluenceMatrix;
import dev.visibility.model.Residual;
import dev.visibility.page.BlockOptions;
import dev.visibility.page.CorpusSummary;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code compute --corpus}: the mean and standard deviation of {@code G} over the samples of a corpus. The flags
 * become a corpus block, which goes through the same pipeline and cache as a corpus block in a post, so a run
 * that stops resumes from the samples it has.
 */
final class CorpusCompute {
    private CorpusCompute() {
    }

    static void run(Arguments arguments, OutputTarget output, boolean dense, PrintStream out, PrintStream log)
            throws UsageException, IOException {
        ExportBlock block = ExportBlock.of(arguments);
        Path cache = arguments.has("cache") ? Path.of(arguments.required("cache"))
                : FigurePipeline.defaultCacheFolder(System.getenv());
        BlockDefaults defaults = new BlockDefaults(arguments.required("model"), null, BlockOptions.EXPLORER, "both",
                Residual.CENTERED, arguments.positiveInt("max-tokens", Integer.MAX_VALUE));
        Integer threads = arguments.has("threads") ? arguments.positiveInt("threads", 1) : null;
        PreparedBlock prepared;
        try (FigurePipeline pipeline = new FigurePipeline(defaults, new ModelLocator(System.getenv(), log)::locate,
                (dataset, split) -> new DatasetLocator(System.getenv(), log).locate(dataset, split).files(),
                cache, threads, log::println, log::println)) {
            // A relative corpus file is taken from the working directory, as every path on a command line is.
            prepared = pipeline.build(block.directive(), block.label(), Path.of("").toAbsolutePath());
        } catch (DirectiveException e) {
            throw block.error(e);
        }
        CorpusSummary corpus = prepared.corpus();
        output.write(stream -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
            if (dense) {
                HeatmapJson.writeCorpusDense(prepared.matrix(), corpus, writer);
            } else {
                HeatmapJson.writeSeed(sum(prepared.matrix(), corpus.samples()), writer);
            }
            writer.flush();
        }, out);
        log.println("Wrote " + output.describe());
    }

    /** The original project published the sum over its samples, not the mean. */
    private static InfluenceMatrix sum(InfluenceMatrix mean, int samples) {
        float[] values = mean.values();
        for (int i = 0; i < values.length; i++) {
            values[i] *= samples;
        }
        return new InfluenceMatrix(mean.layers(), mean.positions(), values);
    }
}
