package dev.visibility.jbake;

import dev.visibility.Folders;
import dev.visibility.TestModels;
import dev.visibility.cli.CommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code export} and a JBake build make the same data file from the same block, through the same cache. */
class ExportMatchesSiteIT {
    private static final List<String> BLOCK = List.of(
            "text: |",
            "  <|endoftext|>Two lines,",
            "   the second indented.",
            "view: heatmap",
            "layer: 3",
            "direction: influences  # a comment",
            "caption: Same bytes");

    @TempDir
    Path folder;

    @Test
    void exportWritesTheBytesTheSiteBuildPublished() throws IOException {
        TestSite site = new TestSite(folder);
        site.post("blog/post.md", Stream.of(List.of("```visibility"), BLOCK, List.of("```")).flatMap(List::stream)
                .toArray(String[]::new));
        site.bake();
        Path baked = Folders.onlyFile(site.output.resolve("visibility/data"));

        Path block = folder.resolve("figure.block");
        Files.write(block, BLOCK);
        CommandRun run = CommandRun.run(folder.resolve("xdg"), "export", "--block", block.toString(),
                "--model", TestModels.tinyGpt2().toString(), "--cache", site.cache.toString(),
                "--out", folder.resolve("exported").toString());
        assertEquals(0, run.code(), run.err());

        Path exported = Folders.onlyFile(folder.resolve("exported/visibility/data"));
        assertEquals(baked.getFileName(), exported.getFileName());
        assertArrayEquals(Files.readAllBytes(baked), Files.readAllBytes(exported));
        assertTrue(run.err().contains(": cached"), "the site's cache served export: " + run.err());
        String html = run.out();
        assertTrue(html.contains("data-src=\"visibility/data/" + exported.getFileName() + "\" data-view=\"heatmap\""
                + " data-layer=\"3\""), html);
    }
}
