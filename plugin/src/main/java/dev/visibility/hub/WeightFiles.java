package dev.visibility.hub;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.visibility.io.LogText;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    static final String SINGLE = "model.safetensors";
    static final String INDEX = "model.safetensors.index.json";
    /** The weights in PyTorch's pickle format, which older repositories have instead of safetensors. */
    static final List<String> PICKLES = List.of("pytorch_model.bin", "pytorch_model.bin.index.json");
    /**
     * Far above any real index (one that names 100,000 tensors has a few megabytes), so that a hostile one is
     * refused before it is read into memory.
     */
    static final long MAX_INDEX_BYTES = 64L << 20;
    private static final String SHARD_SUFFIX = ".safetensors";

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
     * The shards that {@code index} names, each once, sorted. Each must be a {@code .safetensors} file next to the
     * index: the names become paths in the user's folder or the cache, and parts of download URLs.
     *
     * @param owner the model, for messages
     */
    static List<String> shards(Path index, String owner) throws ModelNotAvailableException {
        JsonObject weightMap = weightMap(index, owner);
        TreeSet<String> shards = new TreeSet<>();
        for (Map.Entry<String, JsonElement> tensor : weightMap.entrySet()) {
            JsonElement shard = tensor.getValue();
            if (!shard.isJsonPrimitive() || !shard.getAsJsonPrimitive().isString()) {
                throw Failures.unusableIndex(owner, "its weight_map gives the tensor '"
                        + LogText.excerpt(tensor.getKey(), 100) + "' the value "
                        + LogText.excerpt(shard.toString(), 100) + ", which is not a file name");
            }
            if (!isShardName(shard.getAsString())) {
                throw Failures.unusableIndex(owner, "its weight_map names the shard '"
                        + LogText.excerpt(shard.getAsString(), 100) + "', which is not the name of a " + SHARD_SUFFIX
                        + " file in the same folder (no folders, '..', absolute paths or backslashes)");
            }
            shards.add(shard.getAsString());
        }
        return List.copyOf(shards);
    }

    /** A plain file name ending in {@code .safetensors}: {@link RepoPath}'s rule, with no folder allowed. */
    static boolean isShardName(String name) {
        return RepoPath.isSafe(name) && !name.contains("/") && name.endsWith(SHARD_SUFFIX)
                && name.length() > SHARD_SUFFIX.length();
    }

    /** The index's {@code weight_map}: an object with at least one tensor. */
    private static JsonObject weightMap(Path index, String owner) throws ModelNotAvailableException {
        String json;
        try {
            long size = Files.size(index);
            if (size > MAX_INDEX_BYTES) {
                throw Failures.unusableIndex(owner, "it has " + ProgressBar.bytes(size) + ", more than the "
                        + ProgressBar.bytes(MAX_INDEX_BYTES) + " accepted");
            }
            json = new String(Files.readAllBytes(index), StandardCharsets.UTF_8);
        } catch (IOException unreadable) {
            throw Failures.unreadable(index, unreadable);
        }
        JsonElement root = parse(json).orElseThrow(() -> Failures.unusableIndex(owner, "it is not JSON"));
        JsonElement weightMap = root.isJsonObject() ? root.getAsJsonObject().get("weight_map") : null;
        if (weightMap == null || !weightMap.isJsonObject() || weightMap.getAsJsonObject().isEmpty()) {
            throw Failures.unusableIndex(owner, "it has no weight_map that maps tensor names to shard files");
        }
        return weightMap.getAsJsonObject();
    }

    /** The one JSON value of {@code json}, read strictly; empty when it is not JSON or has more after the value. */
    private static Optional<JsonElement> parse(String json) {
        try {
            JsonReader reader = new JsonReader(new StringReader(json));
            reader.setStrictness(Strictness.STRICT);
            JsonElement root = JsonParser.parseReader(reader);
            return reader.peek() == JsonToken.END_DOCUMENT ? Optional.of(root) : Optional.empty();
        } catch (JsonParseException | IOException malformed) {
            return Optional.empty();
        }
    }
}
