package dev.visibility.jbake;

import dev.visibility.build.FigurePipeline;
import dev.visibility.hub.FakeHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A blog whose model is {@code gpt2}, downloaded from a mirror on loopback, then rebuilt with the mirror gone. */
@ExtendWith(IsolatedEnvironment.class)
class HubModelSiteTest {
    @TempDir
    Path folder;

    @Test
    void gpt2ComesFromTheMirrorOnceAndThenFromTheCaches() throws Exception {
        TestSite site = new TestSite(folder).post("blog/post.md", "```visibility", "text: The cat sat.", "```");
        Map<String, String> environment = Map.of(
                "VISIBILITY_MODEL", "gpt2",
                "HOME", folder.resolve("home").toString(),
                "HF_HUB_CACHE", folder.resolve("hub").toString());
        try (FakeHub hub = new FakeHub()) {
            SiteBuild.useEnvironment(with(environment, "HF_ENDPOINT", hub.endpoint().toString()));
            assertEquals(new FigurePipeline.Report(1, 1, 0, 1), site.bake());
        }
        assertTrue(site.read("blog/post.html").contains("<figure class=\"visibility\""));

        // The mirror is gone: the model's files come from the Hugging Face cache, the heatmaps from ours.
        SiteBuild.useEnvironment(with(environment, "HF_HUB_OFFLINE", "1"));
        assertEquals(new FigurePipeline.Report(1, 0, 1, 0), site.bake());
    }

    private static Map<String, String> with(Map<String, String> environment, String key, String value) {
        var copy = new java.util.HashMap<>(environment);
        copy.put(key, value);
        return copy;
    }
}
