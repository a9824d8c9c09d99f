package dev.visibility.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A model that the user keeps in a folder of their own; its identity is the hash of its weights.
 *
 * <p>The weights are {@code model.safetensors}, whose sha256 is the identity, or an index with its shards. Then the
 * identity is the sha256 of the index's bytes, each followed by a newline and the hex sha256 of one shard, in
 * the index's sorted order: it changes when any shard or the index changes, and every shard is hashed once per
 * change, through the memo, however many builds follow.
 */
final class LocalFolder {
    private final WeightsHashMemo hashes;

    LocalFolder(WeightsHashMemo hashes) {
        this.hashes = hashes;
    }

    LocatedModel locate(String name, Path folder) throws ModelNotAvailableException {
        for (String file : HubResolver.SMALL_FILES) {
            if (!Files.isRegularFile(folder.resolve(file))) {
                throw Failures.incompleteFolder(folder, file);
            }
        }
        List<String> weights = WeightFiles.expected(folder, folder.toString()).orElseThrow(() -> noWeights(folder));
        // The first file, model.safetensors or the index, was found there: only a shard can be missing.
        for (String file : weights) {
            if (!Files.isRegularFile(folder.resolve(file))) {
                throw Failures.missingShard(folder, file);
            }
        }
        return new LocatedModel(name, folder, LocatedModel.LOCAL_IDENTITY_PREFIX + identity(folder, weights));
    }

    private String identity(Path folder, List<String> weights) throws ModelNotAvailableException {
        if (weights.size() == 1) {
            return sha256(folder.resolve(weights.get(0)));
        }
        StringBuilder shardHashes = new StringBuilder();
        for (String shard : weights.subList(1, weights.size())) {
            shardHashes.append('\n').append(sha256(folder.resolve(shard)));
        }
        Path index = folder.resolve(WeightFiles.INDEX);
        try {
            return FileDigest.sha256(Files.readAllBytes(index),
                    shardHashes.toString().getBytes(StandardCharsets.US_ASCII));
        } catch (IOException unreadable) {
            throw Failures.unreadable(index, unreadable);
        }
    }

    private String sha256(Path weights) throws ModelNotAvailableException {
        try {
            return hashes.sha256(weights);
        } catch (IOException unreadable) {
            throw Failures.unreadable(weights, unreadable);
        }
    }

    /** No safetensors weights: pickles are named as such, so that nobody looks for a missing file. */
    private static ModelNotAvailableException noWeights(Path folder) {
        for (String pickle : WeightFiles.PICKLES) {
            if (Files.isRegularFile(folder.resolve(pickle))) {
                return Failures.pickleInFolder(folder, pickle);
            }
        }
        return Failures.incompleteFolder(folder, WeightFiles.SINGLE);
    }
}
