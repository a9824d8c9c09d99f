package dev.visibility.cli;

import dev.visibility.pipeline.PreparedBlock;
import dev.visibility.influence.InfluenceMatrix;
import dev.visibility.page.CorpusSummary;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

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
        PreparedBlock prepared = CommandLineFigure.build(ExportBlock.of(arguments), arguments,
                arguments.required("model"), arguments.positiveInt("max-tokens", Integer.MAX_VALUE), log);
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
