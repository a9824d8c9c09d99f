package dev.visibility.jbake;

import dev.visibility.pipeline.FigurePipeline;
import dev.visibility.hub.FakeHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Corpus blocks in a real bake: the samples' cache, a file next to the post, and the errors at their lines. */
class CorpusSiteIT {
    private static final String[] BLOCK = {"Intro", "", "```visibility", "corpus: texts.txt", "samples: 4",
            "tokens: 6", "```"};

    @TempDir
    Path folder;

    private static List<String> texts(String changed) {
        List<String> texts = new ArrayList<>(List.of("The cat sat on the mat today.", "Too short.",
                "A hidden state can see the past.", "Early layers extract features.",
                "Later layers combine them into meaning."));
        if (changed != null) {
            texts.set(3, changed);
        }
        return texts;
    }

    @Test
    void aRebuildComputesNothingAndAChangedTextRecomputesOneSample() throws Exception {
        TestSite site = new TestSite(folder).post("blog/post.md", BLOCK);
        site.write("content/blog/texts.txt", String.join("\n", texts(null)));

        // Four samples computed, then the mean and standard deviation stored.
        assertEquals(new FigurePipeline.Report(1, 0, 0, 4, 0, 1, 0), site.bake());
        String page = site.read("blog/post.html");
        assertTrue(page.contains("Mean over 4 texts"), "the fallback says what the figure shows");
        assertTrue(page.contains("layers × 6 positions.") && page.contains(">Position</text>"),
                "the samples' tokens differ, so the fallback names positions, not tokens");
        String data = String.join("", site.dataFiles().values());
        assertTrue(data.contains("\"samples\":4") && data.contains("\"sd\":"), data);

        assertEquals(new FigurePipeline.Report(1, 0, 0, 0, 0, 0, 0), site.bake(), "the mean itself is cached");

        site.write("content/blog/texts.txt", String.join("\n", texts("Early layers find simple features.")));
        assertEquals(new FigurePipeline.Report(1, 0, 0, 1, 3, 1, 0), site.bake(), "one sample changed");
    }

    @Test
    void aHubDatasetComesFromTheHubOnceAndThenFromTheCache() throws Exception {
        TestSite site = new TestSite(folder).post("blog/post.md", "```visibility", "corpus: tiny/corpus@v1",
                "tokens: 4", "samples: 2", "```");
        Map<String, String> environment = new HashMap<>(Map.of("HOME", folder.resolve("home").toString(),
                "HF_HUB_CACHE", folder.resolve("hub").toString()));
        try (FakeHub hub = new FakeHub()) {
            environment.put("HF_ENDPOINT", hub.endpoint().toString());
            site.environment(environment);
            assertEquals(new FigurePipeline.Report(1, 0, 0, 2, 0, 1, 0), site.bake());
        }
        Map<String, String> online = site.dataFiles();
        assertTrue(String.join("", online.values()).contains("\"samples\":2"), online.toString());

        environment.put("HF_HUB_OFFLINE", "1");
        site.environment(environment);
        site.deleteOutput();
        assertEquals(new FigurePipeline.Report(1, 0, 0, 0, 0, 0, 0), site.bake(), "offline: the dataset and the mean are cached");
        assertEquals(online, site.dataFiles());
    }

    @Test
    void corpusMistakesAreReportedAtTheirLines() {
        TestSite site = new TestSite(folder);
        site.write("content/blog/texts.txt", String.join("\n", texts(null)));

        assertEquals("content/blog/bad.md:9: a block shows one text or a corpus, not both; remove `text:` or"
                + " `corpus:`", failure(site, "```visibility", "text: Hi", "corpus: texts.txt", "```"));
        assertEquals("content/blog/bad.md:8: option 'samples' belongs to corpus figures; remove it, or replace"
                + " `text:` with `corpus:`", failure(site, "```visibility", "samples: 3", "text: Hi", "```"));
        assertTrue(failure(site, "```visibility", "corpus: missing.jsonl", "```")
                .startsWith("content/blog/bad.md:8: corpus file "), "a missing file, at the corpus line");
        assertEquals("content/blog/bad.md:8: no text of texts.txt has the 59 tokens a sample needs (5 texts are"
                + " shorter); lower `tokens:` or use longer texts",
                failure(site, "```visibility", "corpus: texts.txt", "tokens: 60", "```"));
        site.write("content/blog/broken.jsonl", "{\"text\": \"fine\"}\n{broken\n");
        assertTrue(failure(site, "```visibility", "corpus: broken.jsonl", "```").matches(
                "content/blog/bad.md:8: .*broken.jsonl:2: not valid JSON .*"), "the corpus file's own line too");
    }

    @Test
    void aPostReadsCorpusFilesOnlyInsideTheSiteUnlessThePropertiesSayOtherwise() throws Exception {
        TestSite site = new TestSite(folder);
        Path outside = Files.createDirectories(folder.resolve("elsewhere"));
        Path secrets = Files.writeString(outside.resolve("secrets.txt"), String.join("\n", texts(null)));
        Files.createSymbolicLink(Files.createDirectories(site.source.resolve("content/blog")).resolve("link.txt"),
                secrets);

        for (String corpus : List.of(secrets.toString(), "link.txt", "../../../elsewhere/secrets.txt")) {
            String message = failure(site, "```visibility", "corpus: " + corpus, "tokens: 3", "samples: 2", "```");
            assertTrue(message.startsWith("content/blog/bad.md:8: corpus file " + corpus + " is outside the site's"
                    + " folders"), message);
            assertTrue(message.contains("visibility.corpus.roots"), message);
        }

        site.properties("visibility.corpus.roots=../elsewhere");
        site.post("blog/bad.md", "```visibility", "corpus: link.txt", "tokens: 3", "samples: 2", "```");
        assertEquals(1, site.bake().figures(), "a folder the properties name may be read");
    }

    private String failure(TestSite site, String... body) {
        site.post("blog/bad.md", body);
        VisibilityBuildException error = assertThrows(VisibilityBuildException.class, site::bake);
        assertFalse(Files.exists(site.output.resolve("blog/bad.html")));
        return error.getMessage();
    }
}
