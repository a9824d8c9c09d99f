package dev.visibility.hub;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A hub, mirror or proxy that answers what no Hugging Face hub would: every answer is refused with one clear
 * line before it becomes part of a path or a request, and nothing is written outside the cache.
 */
class HostileHubTest extends LoopbackHubTest {

    @Test
    void aTraversalCommitIsRefusedAndNeitherUsedNorWritten() throws IOException {
        Path outside = temp.resolve("outside");
        Files.createDirectories(outside);
        hub.answerWith("X-Repo-Commit", "../../../../" + outside);

        String message = refusal("tiny/gpt2");

        assertTrue(message.contains("X-Repo-Commit '../../../../" + outside + "', which is not a commit"), message);
        try (Stream<Path> written = Files.list(outside)) {
            assertEquals(List.of(), written.toList(), "nothing outside the cache");
        }
        assertFalse(Files.exists(support.cache.resolve("models--tiny--gpt2/refs/main")), "no ref");
        assertEquals(1, hub.requests().size(), "no request after the answer that named it: " + hub.requests());
    }

    @Test
    void dotEtagsAreRefused() {
        for (String etag : List.of(".", "..")) {
            hub.answerWith("ETag", "\"" + etag + "\"");

            String message = refusal("tiny/gpt2");

            assertTrue(message.contains("ETag '" + etag + "', which is not a git blob sha1 or a sha256"), message);
            assertFalse(Files.exists(support.cache.resolve("models--tiny--gpt2/blobs")), "no blob folder");
        }
    }

    @Test
    void aNonNumericSizeIsRefused() {
        hub.answerWith("X-Linked-Size", "12abc");

        String message = refusal("tiny/gpt2");

        assertTrue(message.contains("size '12abc', which is not a number of bytes"), message);
    }

    @Test
    void anAbsurdSizeIsRefusedBeforeDownloading() {
        hub.answerWith("X-Linked-Size", "999999999999999999");

        String message = refusal("tiny/gpt2");

        assertTrue(message.contains("The hub says that config.json of tiny/gpt2 has"), message);
        assertTrue(hub.requests().stream().allMatch(r -> r.method().equals("HEAD")), hub.requests().toString());
    }

    @Test
    void aRedirectToSomethingOtherThanAWebAddressIsRefused() {
        for (String location : List.of("file:///etc/passwd", "http://[broken", "jar:file:/x!/y")) {
            hub.answerWith("Location", location);

            String message = refusal("tiny/gpt2");

            assertTrue(message.contains("Location '" + location + "', which is not an http or https URL"), message);
        }
    }

    @Test
    void aGarbageConfigIsRefusedBeforeTheWeightsAreDownloaded() {
        String message = refusal("tiny/bad-config");

        assertTrue(message.startsWith("The config.json of tiny/bad-config cannot be used, so its weights were not"
                + " downloaded: "), message);
        assertTrue(message.contains("config.json: not a JSON object"), message);
        assertTrue(hub.requests().stream().noneMatch(r -> r.toStorage()
                || r.method().equals("GET") && r.path().endsWith(FakeHub.WEIGHTS)), hub.requests().toString());
    }

    @Test
    void aStallingBodyFailsInBoundedTimeAndTheNextRunResumes() throws Exception {
        support.env.put("HF_HUB_DOWNLOAD_TIMEOUT", "0.5");
        hub.stallNextDownloads(3);

        String message = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> refusal("tiny/gpt2"));

        assertTrue(message.startsWith("The download of model.safetensors from 127.0.0.1 broke off"), message);
        assertTrue(message.contains("stalled: no data arrived for 0.5 s"), message);
        assertTrue(message.contains("run the build again to resume"), message);
        assertTrue(message.contains("HF_HUB_DOWNLOAD_TIMEOUT"), message);

        hub.requests().clear();
        LocatedModel model = support.locate("tiny/gpt2");

        String resumed = hub.storageRequests().stream().findFirst().orElseThrow().range();
        assertTrue(resumed != null && !resumed.equals("bytes=0-"), "resumed with a range: " + resumed);
        assertEquals(FakeHub.sha256(FakeHub.fixture(FakeHub.WEIGHTS)),
                FileDigest.sha256(model.folder().resolve(FakeHub.WEIGHTS)));
    }
}
