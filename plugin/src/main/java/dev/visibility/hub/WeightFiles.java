package dev.visibility.hub;

import dev.visibility.model.Checkpoint;
import dev.visibility.model.ShardIndex;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The files that hold a model's weights, as transformers saves them: {@code model.safetensors}, or, for a large
 * model, {@code model.safetensors.index.json}, whose {@code weight_map} names for each tensor the shard
 * ({@code model-00001-of-00002.safetensors}) next to it that holds the tensor. When a folder has both,
 * {@code model.safetensors} wins, as in transformers.
 *
 * <p>PyTorch's own format ({@code pytorch_model.bin} and its index) is only ever named, never downloaded nor read:
 * loading a pickle runs whatever code it holds.
 */
final class WeightFiles {
    static final String SINGLE = Checkpoint.SINGLE_FILE;
    static final String INDEX = ShardIndex.FILE_NAME;
    /** The weights in PyTorch's pickle format, which older repositories have instead of safetensors. */
    static final List<String> PICKLES = List.of("pytorch_model.bin", "pytorch_model.bin.index.json");

    private WeightFiles() {
    }

    /**
     * The weights files that {@code folder} has or should have, in the order that identifies them:
     * {@code [model.safetensors]} when that file is there, else the index followed by the shards it names, sorted;
     * empty when there is neither (the shards themselves may be missing).
     *
     * @param owner the model, for messages: a hub id at its commit, or the folder
     * @throws ModelNotAvailableException when the index cannot be read or names something that is not a shard
     */
    static Optional<List<String>> expected(Path folder, String owner) throws ModelNotAvailableException {
        if (Files.isRegularFile(folder.resolve(SINGLE))) {
            return Optional.of(List.of(SINGLE));
        }
        Path index = folder.resolve(INDEX);
        if (!Files.isRegularFile(index)) {
            return Optional.empty();
        }
        List<String> files = new ArrayList<>(List.of(INDEX));
        files.addAll(shards(index, owner));
        return Optional.of(files);
    }

    /** True when {@code folder} has {@code model.safetensors}, or the index and every shard that it names. */
    static boolean complete(Path folder, String owner) throws ModelNotAvailableException {
        Optional<List<String>> files = expected(folder, owner);
        return files.isPresent() && files.get().stream().allMatch(file -> Files.isRegularFile(folder.resolve(file)));
    }

    /**
     * The shards that {@code index} names, each once, sorted.
     *
     * @param owner the model, for messages
     */
    static List<String> shards(Path index, String owner) throws ModelNotAvailableException {
        try {
            return List.copyOf(new TreeSet<>(ShardIndex.read(index).values()));
        } catch (IOException unreadable) {
            throw Failures.unreadable(index, unreadable);
        } catch (ShardIndex.UnusableException unusable) {
            throw Failures.unusableIndex(owner, unusable.getMessage());
        }
    }
}
