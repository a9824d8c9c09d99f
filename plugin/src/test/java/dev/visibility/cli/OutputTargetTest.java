package dev.visibility.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code --out} never replaces what is not a regular file. */
class OutputTargetTest {
    private static final byte[] JSON = "{\"ids\": [1]}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path temp;

    @Test
    void aRegularFileIsReplaced() throws Exception {
        Path file = Files.writeString(temp.resolve("out.json"), "old");

        write(file.toString());

        assertEquals(new String(JSON, StandardCharsets.UTF_8), Files.readString(file));
    }

    @Test
    void aSymbolicLinkIsKeptAndItsFileReplaced() throws Exception {
        Path file = Files.writeString(temp.resolve("real.json"), "old");
        Path link = Files.createSymbolicLink(temp.resolve("link.json"), file.getFileName());

        write(link.toString());

        assertTrue(Files.isSymbolicLink(link), "the link is still a link");
        assertEquals(new String(JSON, StandardCharsets.UTF_8), Files.readString(file));
    }

    @Test
    void aFifoIsWrittenThroughNotReplaced() throws Exception {
        Path fifo = temp.resolve("pipe");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo is available");
        CompletableFuture<byte[]> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readAllBytes(fifo);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        write(fifo.toString());

        assertEquals(new String(JSON, StandardCharsets.UTF_8),
                new String(reader.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8));
        assertFalse(Files.isRegularFile(fifo), "still a FIFO");
    }

    @Test
    void dashIsStandardOutput() throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        OutputTarget target = OutputTarget.of("--out", "-");

        target.write(out -> out.write(JSON), new PrintStream(stdout, true, StandardCharsets.UTF_8));

        assertEquals(new String(JSON, StandardCharsets.UTF_8), stdout.toString(StandardCharsets.UTF_8));
        assertEquals("standard output", target.describe());
    }

    @Test
    void aFolderOrADanglingLinkIsRefusedBeforeAnyWork() throws Exception {
        UsageException folder = assertThrows(UsageException.class, () -> OutputTarget.of("--out", temp.toString()));
        assertTrue(folder.getMessage().contains("is a folder"), folder.getMessage());

        Path dangling = Files.createSymbolicLink(temp.resolve("dangling.json"), temp.resolve("missing.json"));
        UsageException link = assertThrows(UsageException.class, () -> OutputTarget.of("--out", dangling.toString()));
        assertTrue(link.getMessage().contains("symbolic link to a file that does not exist"), link.getMessage());
    }

    private static void write(String out) throws Exception {
        OutputTarget.of("--out", out).write(stream -> stream.write(JSON), new PrintStream(new ByteArrayOutputStream()));
    }
}
