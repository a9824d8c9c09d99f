package dev.visibility.jbake;

import dev.visibility.TestModels;
import dev.visibility.model.CheckpointVariants;
import dev.visibility.pipeline.HeatmapCache;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A bad block stops a real bake with {@code content/<path>.md:<line>: <reason>} and publishes nothing. Each kind of
 * mistake is tested where it is found (DirectiveParserTest, FencedBlocksTest, FigurePipelineTest); these two cases
 * check that the bake reports them at the right line of the right file, and keeps nothing of a failed block.
 */
class BlockErrorsIT {
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

    @Test
    void anOptionBeyondTheModelIsReportedAtItsLineOfThePost() {
        String message = failure("Intro", "", "```visibility", "text: <|endoftext|>Hi", "layer: 4", "```");

        assertEquals("content/blog/bad.md:" + (TestSite.FIRST_BODY_LINE + 4) + ": layer 4 is out of range: MODEL has"
                + " 4 layers, so layer must be 0 to 3", message.replace(TestModels.tinyGpt2().toString(), "MODEL"));
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
                // The tiny model has 4 layers; an entry holds its header, G as float32 and a SHA-256.
                int states = (int) Math.round(Math.sqrt((Files.size(entry) - 48 - 32) / 4.0));
                assertTrue(cache.read(name.substring(0, name.length() - ".g".length()), 4, states / 4).isPresent(),
                        name);
            }
        }
    }
}
