package dev.visibility.model;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.visibility.TestModels;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The tiny GPT-2 taken apart (safetensors header, data, config text) so that tests can change any part and write
 * the result as a model folder. Values that JSON cannot hold as such ({@code NaN}, {@code 64.9} kept as
 * written) go in through {@link #RAW}: a string value {@code RAW + text} is written as {@code text}.
 */
final class HostileCheckpoint {
    /** Marks a string value to be written as raw JSON text. */
    static final String RAW = "\u0001raw:";

    final JsonObject header;
    final byte[] data;
    final String config;

    private HostileCheckpoint(JsonObject header, byte[] data, String config) {
        this.header = header;
        this.data = data;
        this.config = config;
    }

    /** A fresh copy of the tiny GPT-2's parts. */
    static HostileCheckpoint tiny() throws IOException {
        Path folder = TestModels.tinyGpt2();
        byte[] file = Files.readAllBytes(folder.resolve("model.safetensors"));
        int headerLength = (int) ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String headerJson = new String(file, 8, headerLength, StandardCharsets.UTF_8);
        return new HostileCheckpoint(JsonParser.parseString(headerJson).getAsJsonObject(),
                Arrays.copyOfRange(file, 8 + headerLength, file.length),
                Files.readString(folder.resolve("config.json")));
    }

    /** The header as JSON text, with every {@link #RAW} value written raw. */
    String headerText() {
        return raw(header.toString());
    }

    /** Writes {@code config.json}, {@code tokenizer.json} and {@code model.safetensors} made of the given parts. */
    static Path write(Path folder, String headerText, byte[] data, String configText) throws IOException {
        CheckpointVariants.copyTokenizerAndConfig(folder);
        Files.writeString(folder.resolve("config.json"), configText);
        Files.write(folder.resolve("model.safetensors"), safetensors(headerText.getBytes(StandardCharsets.UTF_8), data));
        return folder;
    }

    /** This checkpoint, with its current header, data and config. */
    Path write(Path folder) throws IOException {
        return write(folder, headerText(), data, config);
    }

    /** {@code config.json} with the value of {@code key} replaced by the raw JSON {@code value}. */
    String configWith(String key, String value) {
        JsonObject json = JsonParser.parseString(config).getAsJsonObject();
        json.addProperty(key, RAW + value);
        return raw(json.toString());
    }

    static byte[] safetensors(byte[] header, byte[] data) {
        return ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(header.length).put(header).put(data).array();
    }

    /** Gson writes the marker as {@code "\u0001raw:text"}, escaped; this puts the text itself in its place. */
    private static String raw(String json) {
        StringBuilder out = new StringBuilder();
        String marker = "\"\\u0001raw:";
        int from = 0;
        for (int at = json.indexOf(marker); at >= 0; at = json.indexOf(marker, from)) {
            int end = endOfString(json, at + marker.length());
            String escaped = json.substring(at + marker.length(), end);
            out.append(json, from, at).append(JsonParser.parseString("\"" + escaped + "\"").getAsString());
            from = end + 1;
        }
        return out.append(json.substring(from)).toString();
    }

    private static int endOfString(String json, int from) {
        for (int i = from; i < json.length(); i++) {
            if (json.charAt(i) == '\\') {
                i++;
            } else if (json.charAt(i) == '"') {
                return i;
            }
        }
        throw new IllegalArgumentException("unterminated string in " + json);
    }
}
