package dev.visibility.cli;

import dev.visibility.TestModels;
import dev.visibility.page.PlotlyChoice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code export}'s files, its HTML and its errors, on the tiny GPT-2. */
class ExportCommandTest {
    @TempDir
    Path temp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int export(String... args) {
        List<String> all = new ArrayList<>(List.of("export", "--model", TestModels.tinyGpt2().toString(),
                "--cache", temp.resolve("cache").toString()));
        all.addAll(Arrays.asList(args));
        return Main.run(all, Map.of("XDG_CACHE_HOME", temp.resolve("xdg").toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writesTheFilesAndPrintsHeadTagsAndFigureUnderThePrefix() throws Exception {
        assertEquals(0, export("--text", "<|endoftext|>Hello", "--out", temp.resolve("static").toString(),
                "--url-prefix", "/assets/vis"), errors());
        String html = out.toString(StandardCharsets.UTF_8);
        Path folder = temp.resolve("static/visibility");
        assertTrue(Files.isRegularFile(folder.resolve("visibility.js")));
        assertTrue(Files.isRegularFile(folder.resolve("visibility.css")));
        assertTrue(html.contains("<script defer src=\"/assets/vis/plotly-"), html);
        assertTrue(Files.isRegularFile(folder.resolve(html.replaceAll("(?s).*src=\"/assets/vis/(plotly-[^\"]+)\".*", "$1"))));
        String data = html.replaceAll("(?s).*data-src=\"/assets/vis/([^\"]+)\".*", "$1");
        assertTrue(Files.isRegularFile(folder.resolve(data)), data);
        assertTrue(html.indexOf("<link rel=\"stylesheet\" href=\"/assets/vis/visibility.css\">")
                < html.indexOf("<figure class=\"visibility\""), html);
        assertTrue(html.contains("<noscript>"), "the no-JavaScript fallback");
    }

    @Test
    void aHostedPlotlyFileIsCopiedAndHashedAndTheBundledOneLeftOut() throws Exception {
        Path bundle = temp.resolve("plotly-cartesian.min.js");
        Files.writeString(bundle, "/* a stand-in bundle */");
        assertEquals(0, export("--text", "Hi", "--out", temp.resolve("site").toString(), "--print", "head",
                "--plotly-file", bundle.toString()), errors());
        String html = out.toString(StandardCharsets.UTF_8);
        assertTrue(html.contains("<script defer src=\"visibility/plotly-cartesian.min.js\" integrity=\""
                + PlotlyChoice.integrityOf(Files.readAllBytes(bundle)) + "\""), html);
        assertFalse(html.contains("<figure"), "--print head prints only the head tags");
        try (var files = Files.list(temp.resolve("site/visibility"))) {
            assertFalse(files.anyMatch(file -> file.getFileName().toString().startsWith("plotly-3")), "no pinned bundle");
        }
    }

    @Test
    void aBlockFileErrorNamesTheFileAndLine() throws Exception {
        Path block = temp.resolve("figure.md");
        Files.writeString(block, "Some prose.\n\n```visibility\ntext: Hello\nlayer: 9\n```\n");
        assertEquals(2, export("--block", block.toString(), "--out", temp.toString()));
        assertTrue(errors().contains("visibility: " + block + ":5: layer 9 is out of range: "), errors());
        assertFalse(errors().contains("Exception"), errors());
    }

    @Test
    void aFlagErrorNamesTheFlag() {
        assertEquals(2, export("--text", "Hello", "--direction", "up", "--out", temp.toString()));
        assertTrue(errors().contains("visibility: --direction: option 'direction': unknown direction 'up'"), errors());
    }

    @Test
    void aFlagMayNotRepeatTheBlocksOption() throws Exception {
        Path block = temp.resolve("figure.block");
        Files.writeString(block, "text: Hello\nlayer: 1\n");
        assertEquals(2, export("--block", block.toString(), "--layer", "2", "--out", temp.toString()));
        assertTrue(errors().contains("--layer: option 'layer' is given twice (first 2 lines above)"), errors());
    }

    @Test
    void commandLineMistakes() {
        assertEquals(2, export("--text", "Hello"));
        assertTrue(errors().contains("give --out DIR"), errors());
        assertEquals(2, export("--text", "Hello", "--out", temp.toString(), "--plotly-url", "https://cdn.example/p.js"));
        assertTrue(errors().contains("--plotly-url and --plotly-integrity go together"), errors());
        assertEquals(2, export("--out", temp.toString()));
        assertTrue(errors().contains("give exactly one of --block, --text, --text-file and --corpus"), errors());
    }
}
