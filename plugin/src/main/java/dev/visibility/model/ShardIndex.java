package dev.visibility.model;

import com.google.gson.JsonElement;
import dev.visibility.io.LogText;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code model.safetensors.index.json}, as transformers writes it for a large model: its {@code weight_map} names,
 * for each tensor, the shard next to the index that holds it. The loader reads the shards through it, and the hub
 * downloads them: both take the shard names from here, checked once.
 */
public final class ShardIndex {
    public static final String FILE_NAME = "model.safetensors.index.json";
    /**
     * Far above any real index (one that names 100,000 tensors has a few megabytes), so that a hostile one is
     * refused before it is read into memory.
     */
    public static final long MAX_BYTES = 64L << 20;
    private static final String SHARD_SUFFIX = ".safetensors";

    /** An index that cannot be used, and why, in words that fit after "the index cannot be used: ". */
    public static final class UnusableException extends Exception {
        public UnusableException(String reason) {
            super(reason);
        }
    }

    private ShardIndex() {
    }

    /**
     * The {@code weight_map}: each tensor's shard, in the index's order. Every shard is a plain {@code .safetensors}
     * file name, since the names become paths in the user's folder or the cache, and parts of download URLs.
     *
     * @throws IOException          if the file cannot be read
     * @throws UnusableException    if it is too large, not strict JSON, or names something that is not a shard
     */
    public static Map<String, String> read(Path index) throws IOException, UnusableException {
        long size = Files.size(index);
        if (size > MAX_BYTES) {
            throw new UnusableException("it has " + size + " bytes, more than the " + MAX_BYTES + " accepted");
        }
        JsonElement map;
        try {
            map = StrictJson.object(index, Files.readString(index, StandardCharsets.UTF_8), "not a JSON object")
                    .get("weight_map");
        } catch (ModelLoadException notJson) {
            throw new UnusableException("it is not JSON");
        }
        if (map == null || !map.isJsonObject() || map.getAsJsonObject().isEmpty()) {
            throw new UnusableException("it has no weight_map that maps tensor names to shard files");
        }
        Map<String, String> shards = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> tensor : map.getAsJsonObject().entrySet()) {
            JsonElement shard = tensor.getValue();
            if (!shard.isJsonPrimitive() || !shard.getAsJsonPrimitive().isString()) {
                throw new UnusableException("its weight_map gives the tensor '" + LogText.excerpt(tensor.getKey(), 100)
                        + "' the value " + StrictJson.show(shard) + ", which is not a file name");
            }
            if (!isShardName(shard.getAsString())) {
                throw new UnusableException("its weight_map names the shard '" + LogText.excerpt(shard.getAsString(), 100)
                        + "', which is not the name of a " + SHARD_SUFFIX + " file in the same folder (no folders,"
                        + " '..', absolute paths or backslashes)");
            }
            shards.put(tensor.getKey(), shard.getAsString());
        }
        return shards;
    }

    /** A plain file name ending in {@code .safetensors}: no folder, drive, backslash or control character. */
    static boolean isShardName(String name) {
        return name.length() > SHARD_SUFFIX.length() && name.length() <= 255 && name.endsWith(SHARD_SUFFIX)
                && !name.startsWith(".") && name.chars().noneMatch(c -> c == '/' || c == '\\' || c == ':'
                || Character.isISOControl(c));
    }
}
