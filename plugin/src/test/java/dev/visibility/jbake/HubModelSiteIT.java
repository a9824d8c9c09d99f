package dev.visibility.jbake;

import dev.visibility.Folders;
import dev.visibility.pipeline.FigurePipeline;
import dev.visibility.hub.FakeHub;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A blog whose model is {@code gpt2}, downloaded from a mirror on loopback, then rebuilt from the caches. */
class HubModelSiteIT {
    @TempDir
    Path folder;
    private TestSite site;
    private Path huggingFaceCache;
    private Map<String, String> environment;

    @BeforeEach
    void setUp() {
        site = new TestSite(folder).post("blog/post.md", "```visibility", "text: The cat sat.", "```");
        huggingFaceCache = folder.resolve("hub");
        environment = Map.of(
                "VISIBILITY_MODEL", "gpt2",
                "HOME", folder.resolve("home").toString(),
                "HF_HUB_CACHE", huggingFaceCache.toString());
    }

    @Test
    void gpt2ComesFromTheMirrorOnceAndThenFromTheCaches() throws Exception {
        try (FakeHub hub = new FakeHub()) {
            site.environment(with("HF_ENDPOINT", hub.endpoint().toString()));
            assertEquals(new FigurePipeline.Report(1, 1, 0, 0, 0, 1, 0), site.bake());
        }
        assertTrue(site.read("blog/post.html").contains("<figure class=\"visibility\""));
        assertTrue(site.log.stream().anyMatch(line -> line.startsWith("Downloading model.safetensors (")),
                "download progress goes to the build's log: " + site.log);

        // The mirror is gone: the model's files come from the Hugging Face cache, the heatmaps from ours.
        site.environment(with("HF_HUB_OFFLINE", "1"));
        assertEquals(new FigurePipeline.Report(1, 0, 1, 0, 0, 0, 0), site.bake());
    }

    /** A CI runner that kept the heatmap cache but not the Hugging Face cache. */
    @Test
    void aRebuildFromTheHeatmapCacheDownloadsNoWeights() throws Exception {
        try (FakeHub hub = new FakeHub()) {
            site.environment(with("HF_ENDPOINT", hub.endpoint().toString()));
            assertEquals(new FigurePipeline.Report(1, 1, 0, 0, 0, 1, 0), site.bake());
            Map<String, String> firstBuild = site.dataFiles();
            Folders.delete(huggingFaceCache);
            site.deleteOutput();
            hub.requests().clear();

            assertEquals(new FigurePipeline.Report(1, 0, 1, 0, 0, 0, 0), site.bake());

            List<String> filesAsked = hub.requests().stream()
                    .map(request -> request.path().substring(request.path().lastIndexOf('/') + 1))
                    .distinct().toList();
            assertEquals(List.of("config.json", "tokenizer.json"), filesAsked, hub.requests().toString());
            assertEquals(firstBuild, site.dataFiles());
        }
    }

    private Map<String, String> with(String key, String value) {
        Map<String, String> copy = new HashMap<>(environment);
        copy.put(key, value);
        return copy;
    }
}
