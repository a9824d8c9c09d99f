package dev.visibility.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AtomicFilesTest {
    @TempDir
    Path folder;

    @Test
    void aFailedWriteKeepsTheOldFileAndLeavesNoTemporaryFile() throws Exception {
        Path target = folder.resolve("data.json");
        AtomicFiles.write(target, "old".getBytes());
        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write("half of the new".getBytes());
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(target));
        assertEquals(List.of(target), list());
    }

    @Test
    void aWriteReplacesTheFileAndCreatesMissingFolders() throws Exception {
        Path target = folder.resolve("a/b/data.json");
        AtomicFiles.write(target, "one".getBytes());
        AtomicFiles.write(target, "two".getBytes());
        assertEquals("two", Files.readString(target));
    }

    @Test
    void symlinksPointAtTheirTarget() throws Exception {
        Path blob = Files.writeString(folder.resolve("blob"), "weights");
        AtomicFiles.symlink(folder.resolve("link"), Path.of("blob"));
        assertEquals("weights", Files.readString(folder.resolve("link")));
        assertEquals(List.of(blob, folder.resolve("link")), list());
    }

    private List<Path> list() throws IOException {
        try (var files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }

    @Test
    void aFullDiskNamesTheFileThatCouldNotBeWritten() throws Exception {
        Path target = folder.resolve("figure.json");
        IOException full = assertThrows(IOException.class,
                () -> AtomicFiles.write(target, out -> {
                    throw new IOException("No space left on device");
                }));
        assertEquals("cannot write " + target + ": No space left on device", full.getMessage());
        try (var left = Files.list(folder)) {
            assertEquals(0, left.count(), "no temporary file is left");
        }
    }

    @Test
    void aNameNearTheFileSystemsLimitCanBeWritten() throws Exception {
        Path target = folder.resolve("n".repeat(240) + ".parquet");
        AtomicFiles.write(target, new byte[] {1});
        assertEquals(1, Files.size(target));
    }
}
