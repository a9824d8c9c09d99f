package dev.visibility.hub;

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

/**
 * A dataset download that breaks, or a hub that lists what no hub lists: a clear message, and a cache that never
 * shows part of a split.
 */
class DatasetDownloadFailureTest extends LoopbackHubTest {
    private static final byte[] SHARD = FakeDatasets.main().get(FakeDatasets.TRAIN_1);

    @Test
    void aTraversalFileNameIsRefusedAndNothingIsRequestedOrWrittenWithIt() throws IOException {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        // From the snapshot folder, four levels up is the test's temporary folder.
        String traversal = "../../../../outside/train-00000-of-00001.parquet";
        hub.listAlso(traversal);

        String message = failure("train");

        assertTrue(message.contains("answered with the file name '" + traversal + "', which is not a relative path"
                + " inside the repository. Nothing was downloaded or requested with it."), message);
        assertEquals(List.of("/api/datasets/tiny/corpus/revision/main"),
                hub.requests().stream().map(FakeHub.Request::path).toList(), "only the listing");
        try (Stream<Path> written = Files.list(outside)) {
            assertEquals(List.of(), written.toList(), "nothing outside the cache");
        }
        assertFalse(Files.exists(support.cache.resolve("datasets--tiny--corpus")), "nothing in the cache either");
    }

    @Test
    void anInterruptedDownloadShowsNoPartOfTheSplitAndTheNextRunResumesIt() throws Exception {
        // The small first shard arrives whole; the large second one breaks off.
        hub.cutNextDownloads(3);

        String message = failure("train");

        assertTrue(message.startsWith("The download of " + FakeDatasets.TRAIN_1 + " from 127.0.0.1 broke off"),
                message);
        assertTrue(message.contains("run the build again to resume"), message);
        Path partial = support.cache.resolve("datasets--tiny--corpus/blobs").resolve(FakeHub.sha256(SHARD)
                + ".incomplete");
        long kept = Files.size(partial);
        assertTrue(kept > 0 && kept < SHARD.length, "what arrived is kept: " + kept);
        assertFalse(Files.exists(support.cache.resolve("datasets--tiny--corpus/snapshots")),
                "not even the shard that arrived is on show");
        assertFalse(Files.exists(support.cache.resolve("datasets--tiny--corpus/refs/main")), "no ref");

        support.env.put("HF_HUB_OFFLINE", "1");
        assertTrue(failure("train").startsWith("HF_HUB_OFFLINE is set, and the split 'train' of tiny/corpus is not"
                + " in the Hugging Face cache"));
        support.env.remove("HF_HUB_OFFLINE");
        hub.requests().clear();

        LocatedDataset dataset = support.locateDataset(FakeDatasets.REPO, "train");

        List<String> ranges = hub.storageRequests().stream().map(FakeHub.Request::range).toList();
        assertEquals(List.of("bytes=" + kept + "-"), ranges);
        assertArrayEquals(SHARD, Files.readAllBytes(dataset.files().get(1)));
        assertFalse(Files.exists(partial));
    }

    @Test
    void aCorruptShardIsDeletedAndNamed() {
        hub.corruptDownloads();

        String message = failure("train");

        assertTrue(message.startsWith("The download of " + FakeDatasets.TRAIN_1 + " from 127.0.0.1 is corrupt: its"
                + " sha256 is "), message);
        assertFalse(Files.exists(support.cache.resolve("datasets--tiny--corpus/snapshots")), "no split on show");
    }

    @Test
    void anAbsurdSizeIsRefusedBeforeDownloading() {
        hub.answerWith("X-Linked-Size", "999999999999999");

        String message = failure("train");

        assertTrue(message.startsWith("The train split of tiny/corpus@" + FakeHub.MAIN + " has 2 data files and"
                + " weighs more than 2.1 GB"), message);
        assertTrue(hub.storageRequests().isEmpty(), hub.requests().toString());
    }

    private String failure(String split) {
        return assertThrows(ModelNotAvailableException.class,
                () -> support.locateDataset(FakeDatasets.REPO, split)).getMessage();
    }
}
