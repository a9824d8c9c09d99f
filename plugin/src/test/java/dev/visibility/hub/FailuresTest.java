package dev.visibility.hub;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FailuresTest {
    private static final Path CACHE = Path.of("cache");

    @Test
    void aFullDiskSaysWhereToMakeRoom() {
        IOException full = new FileSystemException("blobs/abc.incomplete", null, "No space left on device");

        assertEquals("No space left on the device of the Hugging Face cache at cache. Free some space, or set"
                + " HF_HUB_CACHE (or HF_HOME) to a folder on a disk with more room.",
                Failures.cacheNotWritable(CACHE, new IOException("write failed", full)).getMessage());
    }

    @Test
    void anotherWriteFailureNamesItsCause() {
        IOException denied = new FileSystemException("cache/models--a--b", null, "Permission denied");

        assertEquals("Cannot write to the Hugging Face cache at cache: cache/models--a--b: Permission denied."
                + " Set HF_HUB_CACHE (or HF_HOME) to a writable folder.",
                Failures.cacheNotWritable(CACHE, denied).getMessage());
    }
}
