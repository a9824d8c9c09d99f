package dev.visibility.jbake;

import dev.visibility.pipeline.FigurePipeline;
import dev.visibility.TestModels;
import dev.visibility.influence.InfluenceComputation;
import dev.visibility.influence.InfluenceMatrix;
import dev.visibility.model.Transformer;
import dev.visibility.model.ModelTokenizer;
import dev.visibility.model.Residual;
import dev.visibility.model.TokenizedText;
import dev.visibility.page.DataFileReader;
import dev.visibility.page.PageAssets;
import org.jbake.parser.Engines;
import org.jbake.parser.ParserEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bakes sites with JBake's real {@code Oven} and checks what the visibility plugin put into the output. */
class VisibilitySiteIT {
    private static final String TEXT = "<|endoftext|>The quick brown fox jumps over the lazy dog.";

    @TempDir
    Path folder;
    private TestSite site;

    @BeforeEach
    void setUp() {
        site = new TestSite(folder)
                .post("blog/figures.md",
                        "Some *Markdown* first.",
                        "",
                        "```visibility",
                        "text: " + TEXT,
                        "view: explorer  # hover to explore",
                        "caption: The whole matrix",
                        "```",
                        "",
                        "And a single heatmap:",
                        "```visibility",
                        "text: |",
                        "  Hello world.",
                        "  Goodbye.",
                        "view: heatmap",
                        "layer: 2",
                        "position: 1",
                        "direction: sees",
                        "```")
                .post("blog/example.md",
                        "How to write a block:",
                        "",
                        "````markdown",
                        "```visibility",
                        "text: only an example",
                        "```",
                        "````");
    }

    @Test
    void everyBlockBecomesAFigureWithTheEnginesNumbers() throws Exception {
        FigurePipeline.Report report = site.bake();

        assertEquals(new FigurePipeline.Report(2, 2, 0, 0, 0, 1, 0), report);
        String post = site.read("blog/figures.html");
        List<String> sources = TestSite.dataSources(post);
        assertEquals(2, sources.size(), post);
        assertFalse(post.contains("```"), "no block is left as code");
        assertTrue(post.contains("<em>Markdown</em>"), "the rest is Markdown as usual");
        assertTrue(post.contains(PageAssets.SCRIPT) && post.contains(PageAssets.STYLE), "the post loads the script");
        for (String source : sources) {
            assertTrue(source.matches("\\.\\./visibility/data/[0-9a-f]{20}\\.json"), source);
        }
        assertMatchesEngine(site.output.resolve("blog").resolve(sources.get(0)), TEXT);
        assertMatchesEngine(site.output.resolve("blog").resolve(sources.get(1)), "Hello world.\nGoodbye.\n");
        for (String asset : List.of(PageAssets.SCRIPT, PageAssets.STYLE, PageAssets.plotlyFileName())) {
            assertTrue(Files.isRegularFile(site.output.resolve("visibility").resolve(asset)), asset);
        }
    }

    @Test
    void examplesInsideLongerFencesAreLeftAlone() {
        site.bake();

        String example = site.read("blog/example.html");
        assertFalse(example.contains("<figure"), example);
        assertTrue(example.contains("```visibility\ntext: only an example\n```"), example);
        assertFalse(example.contains(PageAssets.SCRIPT), "a page without blocks does not load the script");
    }

    /** A second bake takes everything from the cache, and keeps the Markdown engine that the first registered. */
    @Test
    void aSecondBuildTakesEverythingFromTheCacheAndNeverLoadsTheModel() {
        site.bake();
        String first = site.read("blog/figures.html");
        ParserEngine registered = Engines.get("md");

        FigurePipeline.Report second = site.bake();

        assertEquals(new FigurePipeline.Report(2, 0, 2, 0, 0, 0, 0), second);
        assertEquals(first, site.read("blog/figures.html"));
        assertInstanceOf(VisibilityMarkdownEngine.class, registered);
        assertSame(registered, Engines.get("md"), "a second bake keeps the engine, with no warning from JBake");
    }

    @Test
    void theEnvironmentVariableOverridesEveryModel() {
        site.environment(Map.of("VISIBILITY_MODEL", TestModels.tinyGpt2().toString()));
        site.properties("visibility.model=" + folder.resolve("no-such-model"))
                .post("blog/own-model.md", "```visibility", "text: Hi", "model: another-missing-model", "```");

        assertEquals(3, site.bake().figures());
    }

    @Test
    void inlineDataPutsTheDataIntoThePage() {
        site.properties("visibility.inline.data=true");

        site.bake();

        String post = site.read("blog/figures.html");
        assertTrue(TestSite.dataSources(post).isEmpty(), post);
        assertEquals(2, post.split("class=\"visibility-data\"", -1).length - 1, post);
        assertFalse(Files.exists(site.output.resolve("visibility/data")));
    }

    /** The data file holds the tokens and {@code G} that the engine computes, to the file's precision. */
    private static void assertMatchesEngine(Path dataFile, String text) throws Exception {
        DataFileReader.Contents contents = DataFileReader.read(Files.readAllBytes(dataFile));
        TokenizedText tokens;
        InfluenceMatrix expected;
        try (ModelTokenizer tokenizer = ModelTokenizer.load(TestModels.tinyGpt2());
             Transformer model = Transformer.load(TestModels.tinyGpt2(), Residual.CENTERED)) {
            tokens = tokenizer.encode(text, 64);
            expected = InfluenceComputation.compute(model, tokens.ids(), InfluenceComputation.Progress.NONE);
        }
        assertEquals(tokens.tokens(), contents.tokens());
        float[] want = expected.values();
        float[] got = contents.matrix().values();
        assertEquals(want.length, got.length);
        float largest = 0;
        for (float value : want) {
            largest = Math.max(largest, value);
        }
        for (int i = 0; i < want.length; i++) {
            // Three significant digits, and values far below the largest may be stored as the smallest one.
            assertEquals(want[i], got[i], Math.abs(want[i]) * 1e-3 + largest * 1e-6, "value " + i);
        }
    }
}
