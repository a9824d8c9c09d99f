package dev.visibility.hub;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Locating a hub model fetches what tokenizing needs; the weights come only when asked for. */
class WeightlessLocateTest {
    @TempDir
    Path temp;
    private FakeHub hub;
    private HubTestSupport support;

    @BeforeEach
    void startHub() throws IOException {
        hub = new FakeHub();
        support = new HubTestSupport(temp, hub.endpoint());
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

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
                + " but not its weights (model.safetensors)"), failure.getMessage());
        assertEquals(List.of(), hub.requests());
    }

    @Test
    void weightsMissingFromAModelThatPythonCachedUnderItsLegacyNameGoNextToIt() throws Exception {
        Path snapshot = Files.createDirectories(support.cache.resolve("models--gpt2/snapshots").resolve(FakeHub.MAIN));
        Files.write(snapshot.resolve("config.json"), FakeHub.fixture("config.json"));
        Files.write(snapshot.resolve("tokenizer.json"), FakeHub.fixture("tokenizer.json"));

        LocatedModel model = support.locateWithoutWeights("gpt2@" + FakeHub.MAIN);

        assertEquals(snapshot, model.folderWithWeights());
        assertTrue(Files.isRegularFile(snapshot.resolve(FakeHub.WEIGHTS)), "the weights joined the legacy snapshot");
    }

    /** The requests that concern the weights: their metadata on the hub, or their bytes from storage. */
    private List<String> weightRequests() {
        return hub.requests().stream().map(FakeHub.Request::path)
                .filter(path -> path.endsWith("/" + FakeHub.WEIGHTS) || path.startsWith("/cdn/"))
                .toList();
    }
}
