package dev.visibility.hub;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Downloading from a hub on loopback into a Hugging Face cache, and using that cache afterwards. */
class ModelLocatorDownloadTest extends LoopbackHubTest {
    private static final List<String> FILES = List.of("config.json", "tokenizer.json", "model.safetensors");

    @Test
    void freshDownloadFillsTheCacheInTheHuggingFaceLayout() throws Exception {
        LocatedModel model = support.locate("tiny/gpt2");

        Path repo = support.cache.resolve("models--tiny--gpt2");
        assertEquals("tiny/gpt2", model.name());
        assertEquals("tiny/gpt2@" + FakeHub.MAIN, model.identity());
        assertEquals(repo.resolve("snapshots").resolve(FakeHub.MAIN), model.folder());
        assertEquals(FakeHub.MAIN, Files.readString(repo.resolve("refs/main")));
        for (String file : FILES) {
            Path link = model.folder().resolve(file);
            assertTrue(Files.isSymbolicLink(link), file + " is a link");
            assertTrue(Files.readSymbolicLink(link).toString().startsWith("../../blobs/"), "relative link");
            assertArrayEquals(FakeHub.fixture(file), Files.readAllBytes(link));
        }
        String weightsSha256 = FileDigest.sha256(model.folder().resolve("model.safetensors"));
        assertTrue(Files.isRegularFile(repo.resolve("blobs").resolve(weightsSha256)), "blob named by its sha256");
        try (Stream<Path> blobs = Files.list(repo.resolve("blobs"))) {
            assertEquals(3, blobs.count(), "three blobs, no leftovers");
        }
        assertTrue(support.output().contains("model.safetensors: 902.1 kB in"), support.output());
    }

    @Test
    void aDownloadedModelIsUsedWithTheServerStopped() throws Exception {
        LocatedModel downloaded = support.locate("tiny/gpt2");
        hub.close();

        LocatedModel reused = support.locate("tiny/gpt2");

        assertEquals(downloaded, reused);
        assertTrue(support.output().contains("Cannot reach"), support.output());
    }

    @Test
    void aSecondRunDownloadsNothing() throws Exception {
        support.locate("tiny/gpt2");
        hub.requests().clear();

        support.locate("tiny/gpt2");

        assertTrue(hub.requests().stream().allMatch(r -> r.method().equals("HEAD")), hub.requests().toString());
    }

    @Test
    void offlineModeUsesTheCacheWithoutAnyRequest() throws Exception {
        LocatedModel downloaded = support.locate("tiny/gpt2");
        hub.requests().clear();
        support.env.put("HF_HUB_OFFLINE", "1");

        assertEquals(downloaded, support.locate("tiny/gpt2"));
        assertEquals(List.of(), hub.requests());
    }

    @Test
    void aPinnedCommitIsDownloadedAndThenServedFromTheCacheAlone() throws Exception {
        LocatedModel model = support.locate("tiny/gpt2@" + FakeHub.OLD);

        assertEquals("tiny/gpt2@" + FakeHub.OLD, model.identity());
        assertTrue(Files.readString(model.folder().resolve("config.json")).endsWith("\n\n"), "the old config");
        assertFalse(Files.exists(support.cache.resolve("models--tiny--gpt2/refs/" + FakeHub.OLD)), "no ref");
        hub.requests().clear();
        assertEquals(model, support.locate("tiny/gpt2@" + FakeHub.OLD));
        assertEquals(List.of(), hub.requests(), "a commit never changes, so the hub is not asked");
    }

    @Test
    void aPinnedBranchIsRecordedUnderRefs() throws Exception {
        LocatedModel pinned = support.locate("tiny/gpt2@v1");
        LocatedModel latest = support.locate("tiny/gpt2");

        assertEquals("tiny/gpt2@v1", pinned.name());
        assertEquals("tiny/gpt2@" + FakeHub.OLD, pinned.identity());
        assertEquals("tiny/gpt2@" + FakeHub.MAIN, latest.identity());
        assertEquals(FakeHub.OLD, Files.readString(support.cache.resolve("models--tiny--gpt2/refs/v1")));
        // The unchanged weights are shared by both commits: one blob.
        assertEquals(Files.readSymbolicLink(pinned.folder().resolve("model.safetensors")),
                Files.readSymbolicLink(latest.folder().resolve("model.safetensors")));
    }

    @Test
    void largeFilesFollowTheRedirectWithoutTakingTheTokenAlong() throws Exception {
        support.env.put("HF_TOKEN", FakeHub.TOKEN);

        support.locate("tiny/gpt2");

        List<FakeHub.Request> storage = hub.storageRequests();
        assertEquals(1, storage.size(), hub.requests().toString());
        assertEquals(null, storage.get(0).authorization(), "the token stays with the hub");
        assertTrue(hub.requests().stream().filter(r -> r.path().contains("/resolve/"))
                .allMatch(r -> ("Bearer " + FakeHub.TOKEN).equals(r.authorization())), hub.requests().toString());
    }

    @Test
    void aRenamedRepositoryIsFollowedThroughItsRelativeRedirect() throws Exception {
        LocatedModel model = support.locate("renamed/gpt2");

        assertEquals("renamed/gpt2@" + FakeHub.MAIN, model.identity());
        assertArrayEquals(FakeHub.fixture("config.json"), Files.readAllBytes(model.folder().resolve("config.json")));
    }

    @Test
    void aLegacyNameResolvesToItsCurrentRepository() throws Exception {
        LocatedModel model = support.locate("gpt2");

        assertEquals("openai-community/gpt2@" + FakeHub.MAIN, model.identity());
        assertTrue(model.folder().startsWith(support.cache.resolve("models--openai-community--gpt2")));
    }

    @Test
    void aModelThatPythonCachedUnderItsLegacyNameIsUsedOffline() throws Exception {
        Path snapshot = cacheLikeTransformers();
        support.env.put("HF_HUB_OFFLINE", "true");

        LocatedModel model = support.locate("gpt2");

        assertEquals(snapshot, model.folder());
        assertEquals("openai-community/gpt2@" + FakeHub.MAIN, model.identity());
    }

    @Test
    void aModelThatPythonCachedUnderItsLegacyNameIsNotDownloadedAgain() throws Exception {
        Path snapshot = cacheLikeTransformers();

        assertEquals(snapshot, support.locate("gpt2").folder());
        assertTrue(hub.requests().stream().allMatch(r -> r.method().equals("HEAD")), hub.requests().toString());
    }

    /** What transformers' from_pretrained("gpt2") leaves behind: the cache folder of the old name. */
    private Path cacheLikeTransformers() throws IOException {
        return cacheLikeTransformers(FILES);
    }

    /** The same with only {@code files}, e.g. what AutoTokenizer.from_pretrained("gpt2") fetches. */
    private Path cacheLikeTransformers(List<String> files) throws IOException {
        Path snapshot = Files.createDirectories(support.cache.resolve("models--gpt2/snapshots").resolve(FakeHub.MAIN));
        for (String file : files) {
            Files.write(snapshot.resolve(file), FakeHub.fixture(file));
        }
        Path ref = Files.createDirectories(support.cache.resolve("models--gpt2/refs")).resolve("main");
        Files.writeString(ref, FakeHub.MAIN, StandardCharsets.UTF_8);
        return snapshot;
    }

    // A cache hit needs only what tokenizing needs; the weights come when asked for.

    @Test
    void locatingAsksForNothingButTheConfigurationAndTheTokenizer() throws Exception {
        LocatedModel model = support.locateWithoutWeights("tiny/gpt2");

        assertEquals("tiny/gpt2@" + FakeHub.MAIN, model.identity(), "the identity is the exact commit");
        assertTrue(Files.isRegularFile(model.folder().resolve("config.json")));
        assertTrue(Files.isRegularFile(model.folder().resolve("tokenizer.json")));
        assertFalse(Files.exists(model.folder().resolve(FakeHub.WEIGHTS)));
        assertEquals(List.of(), weightRequests(), hub.requests().toString());
    }

    @Test
    void theWeightsOfTheLocatedCommitAreFetchedWhenAsked() throws Exception {
        LocatedModel model = support.locateWithoutWeights("tiny/gpt2@v1");

        Path folder = model.folderWithWeights();

        assertArrayEquals(FakeHub.fixture(FakeHub.WEIGHTS), Files.readAllBytes(folder.resolve(FakeHub.WEIGHTS)));
        assertTrue(weightRequests().stream().anyMatch(path -> path.equals("/tiny/gpt2/resolve/" + FakeHub.OLD
                + "/model.safetensors")), "asked at the commit of the small files: " + hub.requests());
        hub.requests().clear();
        model.folderWithWeights();
        assertEquals(List.of(), hub.requests(), "fetched once");
    }

    @Test
    void aCachedTokenizerIsEnoughOffline() throws Exception {
        LocatedModel online = support.locateWithoutWeights("tiny/gpt2");
        hub.requests().clear();
        support.env.put("HF_HUB_OFFLINE", "1");

        LocatedModel offline = support.locateWithoutWeights("tiny/gpt2");

        assertEquals(online, offline);
        ModelNotAvailableException failure = assertThrows(ModelNotAvailableException.class,
                offline::folderWithWeights);
        assertTrue(failure.getMessage().contains("has the tokenizer of tiny/gpt2@" + FakeHub.MAIN
                + " but not its weights (model.safetensors, or model.safetensors.index.json and every shard it"
                + " names)"), failure.getMessage());
        assertEquals(List.of(), hub.requests());
    }

    @Test
    void weightsMissingFromAModelThatPythonCachedUnderItsLegacyNameGoNextToIt() throws Exception {
        Path snapshot = cacheLikeTransformers(List.of("config.json", "tokenizer.json"));

        LocatedModel model = support.locateWithoutWeights("gpt2");

        assertEquals(snapshot, model.folderWithWeights());
        assertTrue(Files.isRegularFile(snapshot.resolve(FakeHub.WEIGHTS)), "the weights joined the legacy snapshot");
    }

    /** The requests that concern the weights: their metadata on the hub, or their bytes from storage. */
    private List<String> weightRequests() {
        return hub.requests().stream()
                .filter(r -> r.path().endsWith("/" + FakeHub.WEIGHTS) || r.toStorage())
                .map(FakeHub.Request::path)
                .toList();
    }
}
