package dev.visibility.hub;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way a download fails: each gives a message that says what to do, and the cache stays clean. */
class ModelLocatorFailureTest extends LoopbackHubTest {
    private static final String WEIGHTS_SHA256 = FakeHub.sha256(FakeHub.fixture(FakeHub.WEIGHTS));
    private static final int HALF = FakeHub.fixture(FakeHub.WEIGHTS).length / 2;

    private Path repo;

    @BeforeEach
    void findRepo() {
        repo = support.cache.resolve("models--tiny--gpt2");
    }

    @Test
    void aConnectionLostMidwayIsResumedWithARangeRequest() throws Exception {
        hub.cutNextDownloads(1);

        LocatedModel model = support.locate("tiny/gpt2");

        List<String> ranges = storageRanges();
        assertEquals(2, ranges.size(), ranges.toString());
        assertEquals("none", ranges.get(0));
        // Bytes in flight when the connection broke are lost, so the resume point is at most the half sent.
        long resumedAt = Long.parseLong(ranges.get(1).replaceAll("bytes=(\\d+)-", "$1"));
        assertTrue(resumedAt > 0 && resumedAt <= HALF, ranges.toString());
        assertEquals(WEIGHTS_SHA256, FileDigest.sha256(model.folder().resolve(FakeHub.WEIGHTS)));
        assertTrue(support.output().contains("connection lost"), support.output());
    }

    @Test
    void aDownloadThatKeepsBreakingIsKeptForTheNextRunToResume() throws Exception {
        hub.cutNextDownloads(3);

        ModelNotAvailableException failure = assertThrows(ModelNotAvailableException.class,
                () -> support.locate("tiny/gpt2"));

        assertTrue(failure.getMessage().contains("broke off"), failure.getMessage());
        assertTrue(failure.getMessage().contains("run the build again to resume"), failure.getMessage());
        Path partial = repo.resolve("blobs").resolve(WEIGHTS_SHA256 + ".incomplete");
        long kept = Files.size(partial);
        assertTrue(kept > 0, "what arrived is kept");
        assertNothingLooksComplete();

        hub.requests().clear();
        LocatedModel model = support.locate("tiny/gpt2");

        assertEquals(List.of("bytes=" + kept + "-"), storageRanges());
        assertEquals(WEIGHTS_SHA256, FileDigest.sha256(model.folder().resolve(FakeHub.WEIGHTS)));
        assertFalse(Files.exists(partial));
    }

    @Test
    void aCorruptDownloadIsRejectedAndDeleted() throws Exception {
        hub.corruptDownloads();

        ModelNotAvailableException failure = assertThrows(ModelNotAvailableException.class,
                () -> support.locate("tiny/gpt2"));

        assertTrue(failure.getMessage().contains("model.safetensors"), failure.getMessage());
        assertTrue(failure.getMessage().contains("is corrupt: its sha256 is"), failure.getMessage());
        assertNothingLooksComplete();
        assertFalse(Files.exists(repo.resolve("blobs").resolve(WEIGHTS_SHA256 + ".incomplete")));
    }

    @Test
    void aGatedModelNamesHfTokenAndThePageWhereItsLicenceIsAccepted() {
        String message = refusal(FakeHub.GATED);

        assertTrue(message.startsWith(FakeHub.GATED + " is gated: accept its licence at " + hub.endpoint() + "/"
                + FakeHub.GATED + " and set HF_TOKEN to a token with read access (HTTP 401 from " + hub.endpoint()
                + ")."), message);
    }

    @Test
    void aTokenWhoseAccountHasNoAccessIsToldToAcceptTheLicenceWithIt() {
        support.env.put("HF_TOKEN", FakeHub.TOKEN_WITHOUT_ACCESS);

        String message = refusal(FakeHub.GATED);

        assertTrue(message.startsWith(FakeHub.GATED + " is gated, and the account of the token in HF_TOKEN has no"
                + " access to it yet (HTTP 403 from " + hub.endpoint() + "). Accept its licence at " + hub.endpoint()
                + "/" + FakeHub.GATED + " with that account"), message);
    }

    @Test
    void aTokenThatTheHubDoesNotKnowIsNamedAsTheProblem() {
        support.env.put("HF_TOKEN", "hf_wrong");

        String message = refusal(FakeHub.GATED);

        assertTrue(message.startsWith(hub.endpoint() + " did not accept the token in HF_TOKEN"), message);
        assertTrue(message.contains("mistyped, revoked or expired"), message);
    }

    @Test
    void aGatedModelDownloadsWithHfToken() throws Exception {
        support.env.put("HF_TOKEN", FakeHub.TOKEN);

        assertEquals(FakeHub.GATED + "@" + FakeHub.MAIN, support.locate(FakeHub.GATED).identity());
    }

    @Test
    void anUnknownModelSaysSo() {
        ModelNotAvailableException failure = assertThrows(ModelNotAvailableException.class,
                () -> support.locate("nobody/nothing"));

        assertTrue(failure.getMessage().contains("HTTP 404"), failure.getMessage());
        assertTrue(failure.getMessage().contains("Check the model name"), failure.getMessage());
        assertFalse(Files.exists(support.cache.resolve("models--nobody--nothing")), "nothing cached");
    }

    @Test
    void anUnknownRevisionSaysSo() {
        ModelNotAvailableException failure = assertThrows(ModelNotAvailableException.class,
                () -> support.locate("tiny/gpt2@nope"));

        assertTrue(failure.getMessage().contains("has no revision 'nope'"), failure.getMessage());
    }

    @Test
    void aRepositoryWithoutSafetensorsSaysWhichFilesAreMissing() {
        String message = refusal("tiny/no-weights");

        assertTrue(message.contains("has neither model.safetensors nor model.safetensors.index.json (HTTP 404)"),
                message);
    }

    @Test
    void aHubThatIsNotRunningSuggestsWorkingOffline() throws Exception {
        hub.close();

        ModelNotAvailableException failure = assertThrows(ModelNotAvailableException.class,
                () -> support.locate("tiny/gpt2"));

        String message = failure.getMessage();
        assertTrue(message.contains("Cannot download tiny/gpt2 from " + hub.endpoint()), message);
        assertTrue(message.toLowerCase().contains("connection refused"), message);
        assertTrue(message.contains("HF_HUB_OFFLINE=1") && message.contains("VISIBILITY_MODEL"), message);
        assertFalse(Files.exists(repo), "nothing cached");
    }

    @Test
    void offlineModeFailsClearlyWhenTheModelIsNotCached() {
        support.env.put("HF_HUB_OFFLINE", "1");

        ModelNotAvailableException failure = assertThrows(ModelNotAvailableException.class,
                () -> support.locate("tiny/gpt2"));

        assertTrue(failure.getMessage().startsWith("HF_HUB_OFFLINE is set, and tiny/gpt2 is not in the Hugging"
                + " Face cache at " + support.cache), failure.getMessage());
        assertEquals(List.of(), hub.requests());
    }

    @Test
    void somethingThatIsNeitherAFolderNorAHubIdIsRejected() {
        ModelNotAvailableException failure = assertThrows(ModelNotAvailableException.class,
                () -> support.locate("./no/such/folder"));

        assertTrue(failure.getMessage().startsWith("'./no/such/folder' is neither a folder nor a Hugging Face"
                + " model id"), failure.getMessage());
        assertEquals(List.of(), hub.requests());
    }

    /**
     * No blob named like the weights, no snapshot entry for them, and no ref pointing at a commit whose
     * configuration and tokenizer are incomplete (the weights of a ref's commit may still be missing, as with
     * huggingface_hub, since a cache hit needs no weights).
     */
    private void assertNothingLooksComplete() {
        Path snapshot = repo.resolve("snapshots").resolve(FakeHub.MAIN);
        assertFalse(Files.exists(repo.resolve("blobs").resolve(WEIGHTS_SHA256)), "no complete-looking blob");
        assertFalse(Files.exists(snapshot.resolve(FakeHub.WEIGHTS), LinkOption.NOFOLLOW_LINKS), "no snapshot entry");
        if (Files.exists(repo.resolve("refs/main"))) {
            assertTrue(Files.isRegularFile(snapshot.resolve("config.json"))
                    && Files.isRegularFile(snapshot.resolve("tokenizer.json")), "a ref names a tokenizable commit");
        }
    }

    private List<String> storageRanges() {
        return hub.storageRequests().stream()
                .map(r -> r.range() == null ? "none" : r.range())
                .toList();
    }
}
