package dev.visibility.influence;

import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.visibility.ReferenceG;
import dev.visibility.TestModels;
import dev.visibility.corpus.CorpusSamples;
import dev.visibility.corpus.CorpusTexts;
import dev.visibility.model.Transformer;
import dev.visibility.model.ModelTokenizer;
import dev.visibility.model.Residual;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Corpus figures against the independent reference: by causality, the {@code G} of a sample is the top-left
 * {@code T×T} block (in both position axes) of the {@code G} of its whole text, so {@code expected.json} gives the
 * exact numbers of every sample, and from them the mean and the standard deviation.
 */
class CorpusStatisticsTest {
    private static final int TOKENS = 10;
    private static final long BOS = 316;

    @Test
    void meanAndStandardDeviationOfTheFixtureTexts(@TempDir Path folder) throws Exception {
        JsonObject reference = TestModels.tinyGpt2Expected();
        List<String> lines = new ArrayList<>();
        for (String name : List.of("seed", "cat")) {
            // The fixture texts begin with the special token, which every sample gets anyway.
            String text = reference.getAsJsonObject(name).get("text").getAsString().replace("<|endoftext|>", "");
            lines.add("{\"text\": " + new JsonPrimitive(text) + "}");
            lines.add("{\"text\": \"Too short\"}");
        }
        Path file = Files.write(folder.resolve("corpus.jsonl"), lines);

        CorpusSamples samples;
        CorpusStatistics statistics = new CorpusStatistics(4, TOKENS);
        try (ModelTokenizer tokenizer = ModelTokenizer.load(TestModels.tinyGpt2());
             CorpusTexts texts = CorpusTexts.open(file, "text", note -> { });
             Transformer model = Transformer.load(TestModels.tinyGpt2(), Residual.CENTERED)) {
            samples = CorpusSamples.select(texts, tokenizer::ids, BOS, TOKENS, 5, CorpusSamples.Search.SILENT);
            for (long[] ids : samples.ids()) {
                statistics.add(InfluenceComputation.compute(model, ids, InfluenceComputation.Progress.NONE));
            }
        }

        assertEquals(2, samples.ids().size(), "two texts are long enough");
        assertEquals(2, samples.skipped(), "both short texts are skipped");
        long[] firstIds = TestModels.longs(reference.getAsJsonObject("seed").getAsJsonArray("ids"));
        assertArrayEquals(java.util.Arrays.copyOf(firstIds, TOKENS), samples.ids().get(0));
        double[][] blocks = {block(reference.getAsJsonObject("seed")), block(reference.getAsJsonObject("cat"))};
        double[] mean = new double[blocks[0].length];
        double[] sd = new double[blocks[0].length];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = (blocks[0][i] + blocks[1][i]) / 2;
            sd[i] = Math.abs(blocks[0][i] - blocks[1][i]) / Math.sqrt(2);
        }
        ReferenceG.assertMatches("mean", mean, statistics.mean().values());
        ReferenceG.assertMatches("standard deviation", sd, statistics.standardDeviation().values());
    }

    @Test
    void oneSampleHasNoSpread() {
        CorpusStatistics statistics = new CorpusStatistics(1, 1);
        statistics.add(new InfluenceMatrix(1, 1, new float[] {0.5f}));

        assertEquals(0.5f, statistics.mean().get(0, 0, 0, 0));
        assertEquals(0f, statistics.standardDeviation().get(0, 0, 0, 0));
    }

    /** {@code G[L][P][l][p]} of a reference case, cut to the first {@link #TOKENS} positions in both axes. */
    private static double[] block(JsonObject expected) {
        int layers = expected.get("layers").getAsInt();
        int positions = expected.get("positions").getAsInt();
        double[] full = ReferenceG.flatten(expected.getAsJsonArray("backward"));
        return ReferenceG.tabulate(layers, TOKENS, (targetLayer, targetPosition, layer, position) ->
                full[InfluenceMatrix.index(layers, positions, targetLayer, targetPosition, layer, position)]);
    }
}
