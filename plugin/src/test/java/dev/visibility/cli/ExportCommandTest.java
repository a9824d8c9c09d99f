package dev.visibility.cli;

import dev.visibility.TestModels;
import dev.visibility.page.PlotlyChoice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code export}'s files, its HTML and its errors, on the tiny GPT-2. */
class ExportCommandTest {
    @TempDir
    Path temp;

    private CommandRun export(String... args) {
        List<String> all = new ArrayList<>(List.of("export", "--model", TestModels.tinyGpt2().toString(),
                "--cache", temp.resolve("cache").toString()));
        all.addAll(Arrays.asList(args));
        return CommandRun.run(temp.resolve("xdg"), all);
    }

    @Test
    void writesTheFilesAndPrintsHeadTagsAndFigureUnderThePrefix() throws Exception {
        CommandRun run = export("--text", "<|endoftext|>Hello", "--out", temp.resolve("static").toString(),
                "--url-prefix", "/assets/vis");
        assertEquals(0, run.code(), run.err());
        String html = run.out();
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
        CommandRun run = export("--text", "Hi", "--out", temp.resolve("site").toString(), "--print", "head",
                "--plotly-file", bundle.toString());
        assertEquals(0, run.code(), run.err());
        String html = run.out();
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
        CommandRun run = export("--block", block.toString(), "--out", temp.toString());
        assertEquals(2, run.code());
        assertTrue(run.err().contains("visibility: " + block + ":5: layer 9 is out of range: "), run.err());
        assertFalse(run.err().contains("Exception"), run.err());
    }

    @Test
    void aFlagErrorNamesTheFlag() {
        CommandRun run = export("--text", "Hello", "--direction", "up", "--out", temp.toString());
        assertEquals(2, run.code());
        assertTrue(run.err().contains("visibility: --direction: option 'direction': unknown direction 'up'"),
                run.err());
    }

    @Test
    void aFlagMayNotRepeatTheBlocksOption() throws Exception {
        Path block = temp.resolve("figure.block");
        Files.writeString(block, "text: Hello\nlayer: 1\n");
        CommandRun run = export("--block", block.toString(), "--layer", "2", "--out", temp.toString());
        assertEquals(2, run.code());
        assertTrue(run.err().contains("visibility: option 'layer' is given twice, at " + block + ":2 and at --layer;"
                + " keep one"), run.err());
    }

    @Test
    void anOptionTwiceInTheBlockFileNamesBothLinesOfTheFile() throws Exception {
        Path block = temp.resolve("figure.md");
        Files.writeString(block, "Prose.\n\n```visibility\ntext: Hello\nlayer: 1\n\nlayer: 0\n```\n");
        CommandRun run = export("--block", block.toString(), "--svg", temp.resolve("figure.svg").toString());
        assertEquals(2, run.code());
        assertTrue(run.err().contains("visibility: option 'layer' is given twice, at " + block + ":5 and at " + block
                + ":7; keep one"), run.err());
    }

    @Test
    void commandLineMistakes() {
        CommandRun noOut = export("--text", "Hello");
        assertEquals(2, noOut.code());
        assertTrue(noOut.err().contains("give --out DIR"), noOut.err());
        CommandRun urlAlone = export("--text", "Hello", "--out", temp.toString(),
                "--plotly-url", "https://cdn.example/p.js");
        assertEquals(2, urlAlone.code());
        assertTrue(urlAlone.err().contains("--plotly-url and --plotly-integrity go together"), urlAlone.err());
        CommandRun noText = export("--out", temp.toString());
        assertEquals(2, noText.code());
        assertTrue(noText.err().contains("give exactly one of --block, --text, --text-file and --corpus"),
                noText.err());
    }
}
