package dev.visibility.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A safetensors file split into two shards with their {@code model.safetensors.index.json}, as
 * {@code save_pretrained} writes a large model. The tensors keep their bytes; only the headers are written anew,
 * so a loader must find exactly the values of the unsplit file.
 */
public final class ShardedCheckpoint {
    public static final String FIRST = "model-00001-of-00002.safetensors";
    public static final String SECOND = "model-00002-of-00002.safetensors";

    private ShardedCheckpoint() {
    }

    /** The index and the two shards of {@code safetensors}, by file name: half of its tensors in each shard. */
    public static Map<String, byte[]> split(byte[] safetensors) {
        ByteBuffer file = ByteBuffer.wrap(safetensors).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = Math.toIntExact(file.getLong(0));
        JsonObject header = JsonParser.parseString(new String(safetensors, 8, headerLength, StandardCharsets.UTF_8))
                .getAsJsonObject();
        header.remove("__metadata__");
        List<String> names = new ArrayList<>(header.keySet());
        int dataStart = 8 + headerLength;
        Map<String, List<String>> tensors = Map.of(
                FIRST, names.subList(0, names.size() / 2),
                SECOND, names.subList(names.size() / 2, names.size()));
        Map<String, String> weightMap = new LinkedHashMap<>();
        names.forEach(name -> weightMap.put(name, tensors.get(FIRST).contains(name) ? FIRST : SECOND));
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(Checkpoint.INDEX, index(weightMap));
        for (String shard : List.of(FIRST, SECOND)) {
            files.put(shard, shard(safetensors, dataStart, header, tensors.get(shard)));
        }
        return files;
    }

    /** An index with this {@code weight_map} (tensor name to shard file), as transformers writes it. */
    public static byte[] index(Map<String, String> weightMap) {
        JsonObject map = new JsonObject();
        weightMap.forEach(map::addProperty);
        JsonObject metadata = new JsonObject();
        metadata.addProperty("total_size", 0);
        JsonObject index = new JsonObject();
        index.add("metadata", metadata);
        index.add("weight_map", map);
        return index.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A safetensors file with the tensors {@code names} of the original, their data copied in this order. */
    private static byte[] shard(byte[] original, int dataStart, JsonObject header, List<String> names) {
        JsonObject shardHeader = new JsonObject();
        JsonObject metadata = new JsonObject();
        metadata.addProperty("format", "pt");
        shardHeader.add("__metadata__", metadata);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (String name : names) {
            JsonObject tensor = header.getAsJsonObject(name).deepCopy();
            JsonElement offsets = tensor.get("data_offsets");
            int begin = dataStart + offsets.getAsJsonArray().get(0).getAsInt();
            int end = dataStart + offsets.getAsJsonArray().get(1).getAsInt();
            long shardBegin = data.size();
            data.write(original, begin, end - begin);
            tensor.add("data_offsets", JsonParser.parseString("[" + shardBegin + "," + data.size() + "]"));
            shardHeader.add(name, tensor);
        }
        // The format pads the header with spaces so that the data starts 8-byte aligned.
        StringBuilder json = new StringBuilder(shardHeader.toString());
        while (json.length() % 8 != 0) {
            json.append(' ');
        }
        byte[] headerBytes = json.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + headerBytes.length + data.size()).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(headerBytes.length).put(headerBytes).put(data.toByteArray());
        return out.array();
    }
}
