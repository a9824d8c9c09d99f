package dev.visibility.cli;

import dev.visibility.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code export} writes through the same safe writer as {@code compute --out}, replaces only its own files, and
 * refuses a wrong target before computing anything.
 */
class ExportTargetsTest {
    @TempDir
    Path temp;

    private CommandRun export(String... args) {
        List<String> all = new ArrayList<>(List.of("export", "--model", TestModels.tinyGpt2().toString(),
                "--cache", temp.resolve("cache").toString(), "--text", "<|endoftext|>Hello"));
        all.addAll(Arrays.asList(args));
        return CommandRun.run(temp.resolve("xdg"), all);
    }

    private boolean computed() {
        return Files.exists(temp.resolve("cache"));
    }

    /**
     * A null device of the test's own (making one needs root): pointing the test at the system's own would, on the
     * code this guards against, have replaced it for the whole machine.
     */
    @Test
    void svgIntoADeviceIsWrittenThroughNeverReplaced() throws Exception {
        Path device = temp.resolve("null");
        assumeTrue(new ProcessBuilder("mknod", "-m", "666", device.toString(), "c", "1", "3").start().waitFor() == 0,
                "this user can make a device node");
        CommandRun run = export("--svg", device.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(Files.exists(device) && !Files.isRegularFile(device), "still a device");
    }

    @Test
    void svgIntoAFifoIsWrittenThrough() throws Exception {
        Path fifo = temp.resolve("pipe.svg");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo is available");
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        CommandRun run = export("--svg", fifo.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(reader.get(30, TimeUnit.SECONDS).startsWith("<?xml"), "the image came through the FIFO");
        assertFalse(Files.isRegularFile(fifo), "still a FIFO");
    }

    @Test
    void svgThroughALinkReplacesTheFileAndKeepsTheLink() throws Exception {
        Path file = Files.writeString(temp.resolve("real.svg"), "old");
        Path link = Files.createSymbolicLink(temp.resolve("link.svg"), file.getFileName());
        CommandRun run = export("--svg", link.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(Files.isSymbolicLink(link), "the link is kept");
        assertTrue(Files.readString(file).startsWith("<?xml"), "the file it points at holds the image");
    }

    @Test
    void svgIntoAFolderIsRefusedBeforeComputing() throws Exception {
        Path folder = Files.createDirectory(temp.resolve("images"));
        CommandRun run = export("--svg", folder.toString());
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains("--svg " + folder + " is a folder"), run.err());
        assertFalse(computed(), "nothing was computed");
    }

    @Test
    void aFileWhereTheFolderGoesIsNamedBeforeComputing() throws Exception {
        Path site = Files.createDirectory(temp.resolve("site"));
        Files.writeString(site.resolve("visibility"), "a file, not a folder");
        CommandRun run = export("--out", site.toString());
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains(site.resolve("visibility") + " is a file, but export puts a folder there"),
                run.err());
        assertFalse(run.err().contains("Exception"), run.err());
        assertFalse(computed(), "nothing was computed");
    }

    @Test
    void aPageScriptExportDidNotWriteIsLeftAlone() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("site/visibility"));
        Path script = Files.writeString(folder.resolve("visibility.js"), "console.log('the site's own');");
        CommandRun run = export("--out", temp.resolve("site").toString());
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains(script + " is not a file that export wrote"), run.err());
        assertEquals("console.log('the site's own');", Files.readString(script));
        assertFalse(computed(), "nothing was computed");
    }

    @Test
    void anEarlierExportsFilesAreReplaced() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("site/visibility"));
        Files.writeString(folder.resolve("visibility.js"), "/*\n * Visibility: an older page script\n */");
        Files.writeString(folder.resolve("visibility.css"), "/* Visibility figures: an older style */");
        CommandRun run = export("--out", temp.resolve("site").toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(Files.size(folder.resolve("visibility.js")) > 1000, "the new page script");
        assertEquals(0, export("--out", temp.resolve("site").toString()).code(), "a second export");
    }

    @Test
    void aPlotlyFileNamedLikeThePageScriptIsRefused() throws Exception {
        Path bundle = Files.writeString(Files.createDirectory(temp.resolve("pf")).resolve("visibility.js"), "plotly");
        CommandRun run = export("--out", temp.resolve("site").toString(), "--plotly-file", bundle.toString());
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains("rename the bundle"), run.err());
        assertFalse(Files.exists(temp.resolve("site")), "nothing written");
        assertFalse(computed(), "nothing was computed");
    }

    @Test
    void aSymbolicLinkInPlaceOfThePageScriptIsNotReplaced() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("site/visibility"));
        Path elsewhere = Files.writeString(temp.resolve("elsewhere.js"), "keep");
        Files.createSymbolicLink(folder.resolve("visibility.js"), elsewhere);
        CommandRun run = export("--out", temp.resolve("site").toString());
        assertEquals(2, run.code(), run.err());
        assertTrue(Files.isSymbolicLink(folder.resolve("visibility.js")));
        assertTrue(Files.exists(folder.resolve("visibility.js"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("keep", Files.readString(elsewhere));
    }
}
