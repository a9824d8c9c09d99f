package dev.visibility.pipeline;

import com.google.gson.JsonObject;
import dev.visibility.ReferenceG;
import dev.visibility.TestModels;
import dev.visibility.hub.LocatedModel;
import dev.visibility.hub.ModelNotAvailableException;
import dev.visibility.influence.Direction;
import dev.visibility.model.CheckpointVariants;
import dev.visibility.model.Residual;
import dev.visibility.model.TorchSettings;
import dev.visibility.page.View;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pipeline alone, without JBake, the command line or the hub: its models come from a {@link ModelSource} that
 * knows a few names and records what it was asked.
 */
class FigurePipelineTest {
    private static final String CAT = "<|endoftext|>The cat sat on the mat.";
    private static final String TINY = "org/tiny";
    /** The cost these tests' builds announce is not what they check, so no speed is measured for it. */
    private static final EngineSpeed QUIET_MACHINE = new EngineSpeed(100, 1e-9, 1e-5);

    @TempDir
    Path temp;

    private final List<String> asked = new ArrayList<>();
    private final List<String> log = new ArrayList<>();

    @BeforeAll
    static void configureEngine() {
        TorchSettings.configure(1);
    }

    /** A source that knows {@code models} by name and refuses any other name, as the hub would. */
    private ModelSource source(Map<String, LocatedModel> models) {
        return name -> {
            asked.add(name);
            LocatedModel model = models.get(name);
            if (model == null) {
                throw new ModelNotAvailableException("no model called " + name + " here");
            }
            return model;
        };
    }

    private FigurePipeline pipeline(ModelSource source, String modelOverride) {
        BlockDefaults defaults = new BlockDefaults(TINY, modelOverride, View.EXPLORER, Direction.BOTH,
                Residual.CENTERED, 64, CorpusRoots.ANYWHERE);
        return new FigurePipeline(defaults, source, (dataset, split) -> {
            throw new ModelNotAvailableException("no dataset called " + dataset + " here");
        }, temp.resolve("cache"), log::add, log::add, 1, () -> QUIET_MACHINE);
    }

    private static LocatedModel tiny() {
        return new LocatedModel(TINY, TestModels.tinyGpt2(), "test:tiny-gpt2");
    }

    private static Directive block(String... lines) throws DirectiveException {
        return DirectiveParser.parse(new FencedBlock(1, lines.length + 2, List.of(lines)));
    }

    @Test
    void aTextBlockGivesTheReferenceHeatmapsAndItsFirstView() throws Exception {
        PreparedBlock figure;
        try (FigurePipeline pipeline = pipeline(source(Map.of(TINY, tiny())), null)) {
            figure = pipeline.build(block("text: " + CAT, "view: heatmap", "layer: 1"), "post.md:3", temp);
            assertEquals(new FigurePipeline.Report(1, 1, 0, 0, 0, 1, 0), pipeline.report());
        }

        JsonObject expected = TestModels.tinyGpt2Expected().getAsJsonObject("cat");
        assertArrayEquals(TestModels.longs(expected.getAsJsonArray("ids")), figure.text().ids());
        ReferenceG.assertMatches("backward", ReferenceG.flatten(expected.getAsJsonArray("backward")),
                figure.matrix().values());
        assertEquals(View.HEATMAP, figure.options().view());
        assertEquals(1, figure.options().layer());
        assertEquals(13 / 2, figure.options().position(), "the middle position unless the block names one");
        assertEquals(List.of(TINY), asked);
        assertTrue(log.stream().anyMatch(line -> line.matches("post.md:3: 13 tokens, org/tiny \\(centered\\):"
                + " computing 52 heatmaps, about \\d+(\\.\\d+)? MFLOP: (under 1 s|roughly \\d+ s) with \\d+ threads?;"
                + " G alone needs 10.8 kB")), String.join("\n", log));
    }

    @Test
    void aRebuildTakesEverythingFromTheCacheWithoutTheWeights() throws Exception {
        byte[] first;
        try (FigurePipeline pipeline = pipeline(source(Map.of(TINY, tiny())), null)) {
            first = pipeline.build(block("text: " + CAT), "post.md:3", temp).data();
        }
        // The same model without its weights, as a hub model is before anything is computed.
        Path weightless = temp.resolve("weightless");
        CheckpointVariants.copyTokenizerAndConfig(weightless);
        LocatedModel withoutWeights = new LocatedModel(TINY, weightless, "test:tiny-gpt2");
        try (FigurePipeline pipeline = pipeline(source(Map.of(TINY, withoutWeights)), null)) {
            byte[] second = pipeline.build(block("text: " + CAT), "post.md:3", temp).data();
            byte[] again = pipeline.build(block("text: " + CAT, "caption: once more"), "post.md:9", temp).data();

            assertArrayEquals(first, second);
            assertArrayEquals(first, again);
            assertEquals(new FigurePipeline.Report(2, 0, 2, 0, 0, 0, 0), pipeline.report());
        }
        assertEquals(List.of(TINY, TINY), asked, "each pipeline locates a model once, however many blocks use it");
    }

    /**
     * The complaint about a block whose mistake is on its second line, line 3, built with {@code models}; the test
     * fails if the block builds.
     */
    private DirectiveException refused(Map<String, LocatedModel> models, String... lines) throws IOException {
        try (FigurePipeline pipeline = pipeline(source(models), null)) {
            DirectiveException error = assertThrows(DirectiveException.class,
                    () -> pipeline.build(block(lines), "post.md:3", temp));
            assertEquals(3, error.line(), error.reason());
            return error;
        }
    }

    @Test
    void aModelTheSourceDoesNotHaveIsReportedAtTheBlocksModelLine() throws IOException {
        DirectiveException error = refused(Map.of(TINY, tiny()), "text: Hello", "model: org/missing");

        assertEquals("model 'org/missing' is not available: no model called org/missing here", error.reason());
        assertNothingCached();
    }

    private void assertNothingCached() throws IOException {
        Path cache = temp.resolve("cache");
        if (Files.exists(cache)) {
            try (var files = Files.list(cache)) {
                assertEquals(List.of(), files.toList(), "nothing is cached");
            }
        }
    }

    @Test
    void aDatasetTheHubDoesNotHaveIsReportedAtTheCorpusLine() throws IOException {
        DirectiveException error = refused(Map.of(TINY, tiny()), "view: heatmap", "corpus: org/texts");

        assertEquals("corpus 'org/texts' is not available: no dataset called org/texts here", error.reason());
    }

    @Test
    void theOverrideReplacesTheModelOfEveryBlock() throws Exception {
        try (FigurePipeline pipeline = pipeline(source(Map.of(TINY, tiny())), TINY)) {
            pipeline.build(block("text: " + CAT, "model: org/elsewhere"), "post.md:3", temp);
        }
        assertEquals(List.of(TINY), asked);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            layer: 4     | layer 4 is out of range: org/tiny has 4 layers, so layer must be 0 to 3
            position: 13 | position 13 is out of range: the text has 13 tokens, so position must be 0 to 12
            """)
    void anOptionBeyondTheModelOrTheTextIsReportedAtItsLine(String line, String reason) throws IOException {
        assertEquals(reason, refused(Map.of(TINY, tiny()), "text: " + CAT, line).reason());
    }

    @Test
    void aTextLongerThanTheLimitIsReportedAtItsLine() throws IOException {
        DirectiveException error = refused(Map.of(TINY, tiny()), "view: heatmap", "text: " + "word ".repeat(100));

        assertTrue(error.reason().matches("the text has \\d+ tokens, more than the model's context length"
                + " \\(n_positions\\) of 64; shorten the text"), error.reason());
    }

    @Test
    void aModelThatGivesNanIsReportedAtTheTextLineAndNothingIsCached() throws Exception {
        LocatedModel overflowing = new LocatedModel("org/nan",
                CheckpointVariants.overflowingInBlock(temp.resolve("nan"), 1), "test:nan");
        DirectiveException error = refused(Map.of("org/nan", overflowing), "model: org/nan", "text: Hi");

        assertTrue(error.reason().startsWith("cannot compute the heatmaps of this text with org/nan: G[3,"),
                error.reason());
        assertTrue(error.reason().contains(" came out NaN in chunk 1 of "), error.reason());
        assertNothingCached();
    }

    /**
     * A Llama block: the tokenizer adds the BOS, the convention is raw without asking (centring is not defined
     * for RMSNorm), the numbers are the fixture's, and the figure says what they are of.
     */
    @Test
    void aLlamaBlockIsRawByDefaultAndGivesTheReferenceHeatmaps() throws Exception {
        LocatedModel llama = new LocatedModel("org/llama", TestModels.fixture("tiny-llama"), "test:tiny-llama");
        JsonObject expected = TestModels.expected("tiny-llama").getAsJsonObject("t30-raw");
        PreparedBlock figure;
        try (FigurePipeline pipeline = pipeline(source(Map.of("org/llama", llama)), null)) {
            figure = pipeline.build(block("model: org/llama",
                    "text: The cat sat on the mat. A hidden state can see the past."), "post.md:3", temp);
        }

        assertArrayEquals(TestModels.longs(expected.getAsJsonArray("ids")), figure.text().ids());
        ReferenceG.assertMatches("backward", ReferenceG.flatten(expected.getAsJsonArray("backward")),
                figure.matrix().values());
        assertEquals("org/llama, raw residual stream", figure.options().source());
        assertTrue(log.stream().anyMatch(line -> line.startsWith("post.md:3: 30 tokens, org/llama (raw): computing"
                + " 180 heatmaps")), String.join("\n", log));
    }

    @Test
    void centringAnRmsNormModelIsRefusedAtTheResidualLine() throws IOException {
        LocatedModel gemma = new LocatedModel("org/gemma", TestModels.fixture("tiny-gemma2"), "test:tiny-gemma2");
        DirectiveException error = refused(Map.of("org/gemma", gemma), "text: Hi", "residual: centered",
                "model: org/gemma");

        assertTrue(error.reason().startsWith("residual: centered is not defined for org/gemma, a gemma2 model"),
                error.reason());
        assertNothingCached();
    }

    /**
     * A Gemma corpus sample is the model's BOS and the first tokens of the text, tokenized without the BOS the
     * tokenizer would add: by causality its {@code G} is the top-left block of the whole text's, which the
     * fixture's reference gives.
     */
    @Test
    void aGemmaCorpusSampleStartsWithTheModelsBosOnce() throws Exception {
        LocatedModel gemma = new LocatedModel("org/gemma", TestModels.fixture("tiny-gemma2"), "test:tiny-gemma2");
        String text = "The cat sat on the mat. A hidden state can see the past.\n";
        // Two samples of the same text: their mean is that text's sample.
        Files.writeString(temp.resolve("texts.txt"), text + text);
        int tokens = 12;
        PreparedBlock figure;
        try (FigurePipeline pipeline = pipeline(source(Map.of("org/gemma", gemma)), null)) {
            figure = pipeline.build(block("model: org/gemma", "corpus: texts.txt", "samples: 2",
                    "tokens: " + tokens), "post.md:3", temp);
        }

        JsonObject expected = TestModels.expected("tiny-gemma2").getAsJsonObject("t30-raw");
        double[] whole = ReferenceG.flatten(expected.getAsJsonArray("backward"));
        int layers = expected.get("layers").getAsInt();
        int positions = expected.get("positions").getAsInt();
        double[] sample = ReferenceG.tabulate(layers, tokens, (targetLayer, targetPosition, layer, position) ->
                whole[((targetLayer * positions + targetPosition) * layers + layer) * positions + position]);
        ReferenceG.assertMatches("the sample's G", sample, figure.matrix().values());
    }

    @Test
    void theSummaryCountsFiguresTextsAndCorpusSamplesApart() {
        assertEquals("11 figures; texts: 4 computed, 6 from the cache; corpus samples: 30 computed, 2 from the cache;"
                + " model loaded 1 time", new FigurePipeline.Report(11, 4, 6, 30, 2, 1, 0).summary());
        assertEquals("1 figure; texts: 0 computed, 1 from the cache; model loaded 0 times; 2 computed heatmaps could"
                + " not be kept in the cache", new FigurePipeline.Report(1, 0, 1, 0, 0, 0, 2).summary());
    }
}
