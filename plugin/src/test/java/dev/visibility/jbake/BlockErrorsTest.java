package dev.visibility.jbake;

import dev.visibility.TestModels;
import dev.visibility.pipeline.HeatmapCache;
import dev.visibility.model.CheckpointVariants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** A malformed block stops the bake with {@code content/<path>.md:<line>: <reason>} and writes nothing of its own. */
class BlockErrorsTest {
    @TempDir
    Path folder;
    private TestSite site;

    @BeforeEach
    void setUp() {
        site = new TestSite(folder).post("a-good-post.md", "```visibility", "text: Fine", "```");
    }

    private String failure(String... body) {
        site.post("blog/bad.md", body);
        VisibilityBuildException error = assertThrows(VisibilityBuildException.class, site::bake);
        assertFalse(Files.exists(site.output.resolve("visibility")), "nothing is published from a failed bake");
        assertFalse(Files.exists(site.output.resolve("blog/bad.html")));
        return error.getMessage();
    }

    /** Each case is a block body; the mistake is on its third line, line 11 of the file. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            colour: red  | unknown option 'colour'; the options are text, corpus, view, layer, position, direction, model, residual, caption, samples, tokens, column, split
            layer: 4     | layer 4 is out of range: MODEL has 4 layers, so layer must be 0 to 3
            position: 3  | position 3 is out of range: the text has 3 tokens, so position must be 0 to 2
            layer: -1    | option 'layer': expected a whole number from 0 up, found '-1'
            view: grid   | option 'view': unknown view 'grid': use explorer or heatmap
            direction: x | option 'direction': unknown direction 'x': use sees, influences or both
            residual: y  | option 'residual': unknown residual convention 'y': use centered or raw
            no colon     | expected an option as `key: value` (for example `layer: 5`), found 'no colon'
            """)
    void aBadOptionIsReportedAtItsLine(String option, String reason) {
        String message = failure("Intro", "", "```visibility", "text: <|endoftext|><|endoftext|><|endoftext|>", option, "```");

        assertEquals("content/blog/bad.md:" + (TestSite.FIRST_BODY_LINE + 4) + ": " + reason,
                message.replace(TestModels.tinyGpt2().toString(), "MODEL"));
    }

    @Test
    void aBlockWithoutTextIsReportedAtItsFence() {
        assertEquals("content/blog/bad.md:8: the visibility block has no text; add a line such as "
                + "`text: The quick brown fox` (or `corpus: texts.jsonl` for an average over many texts)", failure("", "```visibility", "view: heatmap", "```"));
    }

    @Test
    void anUnclosedBlockIsReportedAtItsFence() {
        String message = failure("", "", "```visibility", "text: Hi");

        assertTrue(message.startsWith("content/blog/bad.md:9: this ```visibility block is never closed"), message);
    }

    @Test
    void aTextTooLongForTheModelIsReportedAtTheTextLine() {
        String message = failure("```visibility", "view: heatmap", "text: " + "word ".repeat(100), "```");

        assertTrue(message.startsWith("content/blog/bad.md:9: the text has "), message);
    }

    @Test
    void aModelThatCannotBeHadIsReportedAtTheModelLine() {
        Path missing = folder.resolve("missing");
        String message = failure("```visibility", "text: Hi", "model: " + missing, "```");

        assertTrue(message.startsWith("content/blog/bad.md:9: model '" + missing + "' is not available: "), message);
    }

    @Test
    void aModelThatGivesNanStopsTheBakeAtTheTextLineAndCachesNothing() throws Exception {
        Path model = CheckpointVariants.overflowingInBlock(folder.resolve("nan-model"), 1);
        String message = failure("```visibility", "text: Hi", "model: " + model, "```");

        assertTrue(message.startsWith("content/blog/bad.md:8: cannot compute the heatmaps of this text with " + model
                + ": G[3,"), message);
        assertTrue(message.contains(" came out NaN in chunk 1 of "), message);
        // Only the good post's matrix may be cached, and it must read back intact.
        HeatmapCache cache = new HeatmapCache(site.cache, line -> fail(line));
        try (var entries = Files.exists(site.cache) ? Files.list(site.cache) : Stream.<Path>empty()) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                assertTrue(cache.read(name.substring(0, name.length() - ".g".length())).isPresent(), name);
            }
        }
    }

    @Test
    void anUnknownSettingIsReported() {
        site.properties("visibility.modle=gpt2");

        VisibilityBuildException error = assertThrows(VisibilityBuildException.class, site::bake);

        assertTrue(error.getMessage().startsWith("jbake.properties: unknown key visibility.modle;"), error.getMessage());
    }
}
