package dev.visibility.hub;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A dataset's split downloaded from a hub on loopback into the Hugging Face cache, and used from there. */
class DatasetLocatorTest extends LoopbackHubTest {
    private static final String CORPUS = FakeDatasets.REPO;

    private Path repo;

    @BeforeEach
    void findRepo() {
        repo = support.cache.resolve("datasets--tiny--corpus");
    }

    @Test
    void theSplitIsDownloadedIntoTheHuggingFaceLayoutAndNothingElse() throws Exception {
        LocatedDataset dataset = support.locateDataset(CORPUS, "train");

        Path snapshot = repo.resolve("snapshots").resolve(FakeHub.MAIN);
        assertEquals(CORPUS, dataset.name());
        assertEquals(CORPUS + "@" + FakeHub.MAIN, dataset.identity());
        assertEquals(List.of(snapshot.resolve(FakeDatasets.TRAIN_0), snapshot.resolve(FakeDatasets.TRAIN_1)),
                dataset.files(), "the split's shards in sorted order");
        assertEquals(FakeHub.MAIN, Files.readString(repo.resolve("refs/main")));
        for (String file : List.of(FakeDatasets.TRAIN_0, FakeDatasets.TRAIN_1)) {
            Path link = snapshot.resolve(file);
            assertTrue(Files.isSymbolicLink(link), file + " is a link");
            assertTrue(Files.readSymbolicLink(link).toString().startsWith("../../../blobs/"), "relative link");
            assertArrayEquals(FakeDatasets.main().get(file), Files.readAllBytes(link));
        }
        assertEquals(List.of(FakeDatasets.TRAIN_0, FakeDatasets.TRAIN_1), snapshotFiles(snapshot),
                "neither the test split nor the README");
        assertTrue(Files.isRegularFile(repo.resolve("blobs")
                .resolve(FakeHub.sha256(FakeDatasets.main().get(FakeDatasets.TRAIN_1)))), "blob named by its sha256");
        assertEquals(1, hub.storageRequests().size(),
                "the large shard came from storage: " + hub.requests());
    }

    @Test
    void aDownloadedSplitIsUsedOfflineWithoutAnyRequest() throws Exception {
        LocatedDataset downloaded = support.locateDataset(CORPUS, "train");
        hub.requests().clear();
        support.env.put("HF_HUB_OFFLINE", "1");

        assertEquals(downloaded, support.locateDataset(CORPUS, "train"));
        assertEquals(List.of(), hub.requests());
    }

    @Test
    void aSplitThatWasNeverDownloadedIsAClearErrorOffline() throws Exception {
        support.locateDataset(CORPUS, "train");
        support.env.put("HF_HUB_OFFLINE", "1");

        String message = assertThrows(ModelNotAvailableException.class,
                () -> support.locateDataset(CORPUS, "test")).getMessage();

        assertTrue(message.startsWith("HF_HUB_OFFLINE is set, and the split 'test' of tiny/corpus is not in the"
                + " Hugging Face cache at " + support.cache), message);
        assertTrue(message.contains("Download it once with HF_HUB_OFFLINE unset"), message);
    }

    @Test
    void anotherSplitJoinsTheSameSnapshot() throws Exception {
        LocatedDataset train = support.locateDataset(CORPUS, "train");
        LocatedDataset test = support.locateDataset(CORPUS, "test");

        assertEquals(List.of(repo.resolve("snapshots").resolve(FakeHub.MAIN).resolve(FakeDatasets.TEST)), test.files());
        assertEquals(train.identity(), test.identity());
    }

    @Test
    void aDownloadedSplitIsUsedWithTheServerStopped() throws Exception {
        LocatedDataset downloaded = support.locateDataset(CORPUS, "train");
        hub.close();

        assertEquals(downloaded, support.locateDataset(CORPUS, "train"));
        assertTrue(support.output().contains("Cannot reach"), support.output());
    }

    @Test
    void anUnreachableHubWithNothingCachedSaysWhatToDoInstead() {
        hub.close();

        String message = assertThrows(ModelNotAvailableException.class,
                () -> support.locateDataset(CORPUS, "train")).getMessage();

        assertTrue(message.startsWith("Cannot download tiny/corpus from " + hub.endpoint()), message);
        assertTrue(message.contains("set HF_HUB_OFFLINE=1 to use a dataset that is already in the Hugging Face cache,"
                + " or give the block's corpus: a local .txt, .jsonl, .json or .parquet file."), message);
    }

    @Test
    void aSecondRunAsksOnlyForTheListing() throws Exception {
        support.locateDataset(CORPUS, "train");
        hub.requests().clear();

        support.locateDataset(CORPUS, "train");

        assertEquals(List.of("GET /api/datasets/tiny/corpus/revision/main"),
                hub.requests().stream().map(r -> r.method() + " " + r.path()).toList());
    }

    @Test
    void aPinnedCommitIsDownloadedAndThenServedFromTheCacheAlone() throws Exception {
        LocatedDataset dataset = support.locateDataset(CORPUS + "@" + FakeHub.OLD, "train");

        assertEquals(CORPUS + "@" + FakeHub.OLD, dataset.identity());
        assertEquals(List.of(repo.resolve("snapshots").resolve(FakeHub.OLD).resolve(FakeDatasets.OLD_TRAIN)),
                dataset.files());
        assertArrayEquals(FakeDatasets.old().get(FakeDatasets.OLD_TRAIN), Files.readAllBytes(dataset.files().get(0)));
        assertFalse(Files.exists(repo.resolve("refs").resolve(FakeHub.OLD)), "a commit needs no ref");
        hub.requests().clear();
        assertEquals(dataset, support.locateDataset(CORPUS + "@" + FakeHub.OLD, "train"));
        assertEquals(List.of(), hub.requests(), "a commit never changes, so the hub is not asked");
    }

    @Test
    void aPinnedTagIsRecordedUnderRefs() throws Exception {
        LocatedDataset pinned = support.locateDataset(CORPUS + "@v1", "train");

        assertEquals(CORPUS + "@v1", pinned.name());
        assertEquals(CORPUS + "@" + FakeHub.OLD, pinned.identity());
        assertEquals(FakeHub.OLD, Files.readString(repo.resolve("refs/v1")));
    }

    @Test
    void aMissingSplitNamesTheSplitsAndFilesThatExist() {
        String message = assertThrows(ModelNotAvailableException.class,
                () -> support.locateDataset(CORPUS, "validation")).getMessage();

        assertTrue(message.startsWith("The dataset tiny/corpus@" + FakeHub.MAIN + " has no data files of the split"
                + " 'validation'"), message);
        assertTrue(message.contains("Splits found: train, test."), message);
        assertTrue(message.contains("Data files: " + FakeDatasets.TEST + ", " + FakeDatasets.TRAIN_0 + ", "
                + FakeDatasets.TRAIN_1 + "."), message);
        assertFalse(message.contains("README.md"), message);
        assertTrue(hub.requests().stream().noneMatch(r -> r.path().contains("/resolve/")), hub.requests().toString());
    }

    @Test
    void theTokenGoesToTheHubButNotToStorage() throws Exception {
        support.env.put("HF_TOKEN", FakeHub.TOKEN);

        support.locateDataset(CORPUS, "train");

        assertTrue(hub.requests().stream().filter(r -> !r.toStorage())
                .allMatch(r -> ("Bearer " + FakeHub.TOKEN).equals(r.authorization())), hub.requests().toString());
        assertTrue(hub.storageRequests().stream().allMatch(r -> r.authorization() == null),
                hub.requests().toString());
    }

    @Test
    void anUnknownDatasetSaysWhatToCheck() {
        String message = assertThrows(ModelNotAvailableException.class,
                () -> support.locateDataset("nobody/nothing", "train")).getMessage();

        assertTrue(message.startsWith("Nothing found for its file listing of nobody/nothing on " + hub.endpoint()
                + " (HTTP 404). Check the dataset name"), message);
    }

    @Test
    void whatIsNotADatasetOrASplitIsRefusedBeforeAnyRequest() {
        for (String dataset : List.of("pile-10k", "../x/y", "org/name@../../x")) {
            String message = assertThrows(ModelNotAvailableException.class,
                    () -> support.locateDataset(dataset, "train")).getMessage();
            assertTrue(message.contains("is not a Hugging Face dataset id"), message);
        }
        String message = assertThrows(ModelNotAvailableException.class,
                () -> support.locateDataset(CORPUS, "../train")).getMessage();
        assertTrue(message.startsWith("'../train' is not a split name for tiny/corpus."), message);
        assertEquals(List.of(), hub.requests());
    }

    private static List<String> snapshotFiles(Path snapshot) throws IOException {
        try (Stream<Path> files = Files.walk(snapshot)) {
            return files.filter(Files::isRegularFile).map(file -> snapshot.relativize(file).toString()).sorted()
                    .toList();
        }
    }
}
