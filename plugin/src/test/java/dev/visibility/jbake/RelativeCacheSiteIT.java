package dev.visibility.jbake;

import dev.visibility.Folders;
import dev.visibility.pipeline.FigurePipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A heatmap cache kept inside the blog, as one committed with it: checked out elsewhere, it still serves. */
class RelativeCacheSiteIT {
    private static final String CACHE = ".visibility-cache";

    @TempDir
    Path folder;

    @Test
    void aCommittedCacheCopiedToAnotherPathGivesPureHits() throws Exception {
        TestSite original = blog(folder.resolve("author"));
        assertEquals(new FigurePipeline.Report(2, 2, 0, 0, 0, 1, 0), original.bake());
        assertTrue(Files.isDirectory(original.source.resolve(CACHE)), "the cache is inside the site");

        // Another machine: another path, and Windows line endings in the posts, as git's autocrlf checks them out.
        TestSite checkout = blog(folder.resolve("elsewhere/ci"));
        Folders.copy(original.source.resolve(CACHE), checkout.source.resolve(CACHE));
        for (Path post : posts(checkout)) {
            Files.writeString(post, Files.readString(post).replace("\n", "\r\n"));
        }

        assertEquals(new FigurePipeline.Report(2, 0, 2, 0, 0, 0, 0), checkout.bake());
        assertEquals(original.dataFiles(), checkout.dataFiles());
    }

    @Test
    void cacheFilesAreNamedByContentAndHoldNoPath() throws Exception {
        TestSite site = blog(folder);
        site.bake();

        List<Path> entries;
        try (Stream<Path> files = Files.list(site.source.resolve(CACHE))) {
            entries = files.toList();
        }
        assertEquals(2, entries.size(), entries.toString());
        for (Path entry : entries) {
            assertTrue(entry.getFileName().toString().matches("[0-9a-f]{64}\\.g"), entry.toString());
            String bytes = new String(Files.readAllBytes(entry), StandardCharsets.ISO_8859_1);
            assertFalse(bytes.contains(folder.getFileName().toString()), entry + " names the folder it was made in");
        }
    }

    private static TestSite blog(Path root) {
        return new TestSite(root, CACHE)
                .post("blog/one.md", "```visibility", "text: |", "  The cat sat.", "  On the mat.", "```")
                .post("blog/two.md", "```visibility", "text: Hello world.", "view: heatmap", "```");
    }

    private static List<Path> posts(TestSite site) throws Exception {
        try (Stream<Path> files = Files.walk(site.source.resolve("content"))) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
