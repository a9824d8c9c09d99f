package dev.visibility.hub;

import dev.visibility.model.ShardedCheckpoint;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Weights in shards, as large models keep them on the hub, and weights that this plugin never reads: pickles.
 * The loopback hub serves the tiny Llama split in two.
 */
class ShardedWeightsTest extends LoopbackHubTest {
    private static final String SHARDED = "tiny/sharded-llama";
    private static final Map<String, byte[]> FILES =
            ShardedCheckpoint.split(FakeHub.fixture("tiny-llama", FakeHub.WEIGHTS));

    @Test
    void theIndexAndEveryShardAreDownloadedOnlyWhenTheWeightsAreAskedFor() throws Exception {
        LocatedModel model = support.locateWithoutWeights(SHARDED);
        assertEquals(List.of(), weightRequests(), "a cache hit needs no weights");

        Path folder = model.folderWithWeights();

        assertEquals(model.folder(), folder);
        for (Map.Entry<String, byte[]> file : FILES.entrySet()) {
            Path link = folder.resolve(file.getKey());
            assertTrue(Files.isSymbolicLink(link), file.getKey() + " is a link into blobs");
            assertArrayEquals(file.getValue(), Files.readAllBytes(link), file.getKey());
        }
        assertFalse(Files.exists(folder.resolve(FakeHub.WEIGHTS)));
        assertEquals(2, hub.storageRequests().size(), "each shard once: " + hub.requests());
        assertTrue(support.output().contains(ShardedCheckpoint.FIRST + ": ")
                && support.output().contains(ShardedCheckpoint.SECOND + ": "), support.output());
    }

    @Test
    void downloadedShardsAreUsedOfflineWithoutAnyRequest() throws Exception {
        LocatedModel online = support.locate(SHARDED);
        hub.requests().clear();
        support.env.put("HF_HUB_OFFLINE", "1");

        assertEquals(online, support.locate(SHARDED));
        assertEquals(List.of(), hub.requests());
    }

    @Test
    void aShardMissingFromTheSnapshotIsFetchedAloneOnlineAndNamedAsMissingOffline() throws Exception {
        Path folder = support.locate(SHARDED).folder();
        Files.delete(folder.resolve(ShardedCheckpoint.SECOND));
        support.env.put("HF_HUB_OFFLINE", "1");

        String offline = refusal(SHARDED);

        assertTrue(offline.contains("but not its weights (model.safetensors, or model.safetensors.index.json and"
                + " every shard it names)"), offline);
        support.env.remove("HF_HUB_OFFLINE");
        hub.requests().clear();
        support.locate(SHARDED);
        assertArrayEquals(FILES.get(ShardedCheckpoint.SECOND),
                Files.readAllBytes(folder.resolve(ShardedCheckpoint.SECOND)));
        assertEquals(List.of(), hub.storageRequests(), "its blob was still there: " + hub.requests());
        assertTrue(hub.requests().stream().allMatch(r -> r.method().equals("HEAD")), hub.requests().toString());
    }

    @Test
    void modelSafetensorsIsPreferredToShardsAsInTransformers() throws Exception {
        Path folder = support.locate("tiny/both-llama").folder();

        assertTrue(Files.isRegularFile(folder.resolve(FakeHub.WEIGHTS)));
        assertFalse(Files.exists(folder.resolve(WeightFiles.INDEX)));
        assertTrue(weightRequests().stream().noneMatch(path -> path.endsWith(WeightFiles.INDEX)
                || path.endsWith(ShardedCheckpoint.FIRST)), hub.requests().toString());
    }

    @Test
    void eachShardIsCheckedAgainstItsSha256() {
        hub.corruptDownloads();

        String message = refusal(SHARDED);

        assertTrue(message.startsWith("The download of " + ShardedCheckpoint.FIRST + " from 127.0.0.1 is corrupt"),
                message);
        Path snapshot = support.cache.resolve("models--tiny--sharded-llama/snapshots").resolve(FakeHub.MAIN);
        assertFalse(Files.exists(snapshot.resolve(ShardedCheckpoint.FIRST), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aShardThatTheRepositoryLacksIsNamedBeforeAnyShardIsDownloaded() {
        String message = refusal("tiny/missing-shard");

        assertTrue(message.contains("has no " + ShardedCheckpoint.SECOND + " (HTTP 404)"), message);
        assertEquals(List.of(), hub.storageRequests(), "every size is known before the first download");
    }

    @Test
    void anIndexThatNamesAPathOutsideItsFolderIsRefusedBeforeThePathIsUsed() {
        String message = refusal("tiny/hostile-index");

        assertTrue(message.startsWith("The model.safetensors.index.json of tiny/hostile-index@" + FakeHub.MAIN
                + " cannot be used: its weight_map names the shard '" + FakeHub.ESCAPING_SHARD + "', which is not"
                + " the name of a .safetensors file in the same folder"), message);
        assertTrue(hub.requests().stream().noneMatch(r -> r.path().contains("escaped")), hub.requests().toString());
        assertEquals(List.of(), hub.storageRequests());
    }

    @Test
    void pickleWeightsAreRefusedAndNeverDownloaded() {
        String message = refusal("tiny/pickle-only");

        assertTrue(message.startsWith("The model tiny/pickle-only@" + FakeHub.MAIN + " has its weights only as"
                + " pytorch_model.bin, in PyTorch's pickle format, which this plugin never reads or downloads"),
                message);
        assertTrue(message.contains("tiny/pickle-only@refs/pr/<number>"), message);
        assertTrue(message.contains(".save_pretrained(folder) writes model.safetensors"), message);
        assertTrue(hub.requests().stream().noneMatch(r -> r.method().equals("GET")
                && r.path().endsWith(FakeHub.PICKLE)), hub.requests().toString());
        assertEquals(List.of(), hub.storageRequests());
    }

    /** The requests for the weights: any safetensors file or index, on the hub or in storage. */
    private List<String> weightRequests() {
        return hub.requests().stream()
                .filter(r -> r.toStorage() || r.path().contains(".safetensors"))
                .map(FakeHub.Request::path)
                .toList();
    }
}
