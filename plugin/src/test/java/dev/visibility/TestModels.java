package dev.visibility;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The test fixtures: two small random GPT-2s, one small random model of each newer family, and the reference
 * numbers computed independently for them.
 */
public final class TestModels {
    private TestModels() {
    }

    /** The folder of the tiny GPT-2 (4 layers, 4 heads, d_model 64, 64 positions). */
    public static Path tinyGpt2() {
        return resource("/tiny-gpt2");
    }

    /** {@code expected.json} of the tiny GPT-2: one reference case per named text. */
    public static JsonObject tinyGpt2Expected() {
        return json("/tiny-gpt2/expected.json");
    }

    /**
     * The token ids of {@code <|endoftext|>The cat sat on the mat.} (13 tokens), the {@code cat} case of
     * {@link #tinyGpt2Expected}, for tests that need a text's ids without tokenizing it. A new array each time: no
     * test can change another's.
     */
    public static long[] catIds() {
        return new long[] {316, 51, 258, 265, 257, 275, 257, 274, 260, 220, 76, 257, 13};
    }

    /** The folder of the deep GPT-2 (12 layers, 4 heads, d_model 64, 256 positions), same tokenizer as the tiny one. */
    public static Path deepGpt2() {
        return resource("/deep-gpt2");
    }

    /** {@code expected.json} of the deep GPT-2: cases {@code t29} and {@code t64}. */
    public static JsonObject deepGpt2Expected() {
        return json("/deep-gpt2/expected.json");
    }

    /** The newer families' fixtures, each a random checkpoint laid out as on the hub (see their README). */
    public static final List<String> FAMILY_FIXTURES = List.of("tiny-pythia", "tiny-llama", "tiny-qwen2",
            "tiny-qwen3", "tiny-gemma2");

    /** The folder of fixture {@code name}, e.g. {@code tiny-llama}. */
    public static Path fixture(String name) {
        return resource("/" + name);
    }

    /** {@code expected.json} of fixture {@code name}: cases such as {@code t30-raw} and {@code t35-centered}. */
    public static JsonObject expected(String name) {
        return json("/" + name + "/expected.json");
    }

    public static long[] longs(JsonArray array) {
        long[] values = new long[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).getAsLong();
        }
        return values;
    }

    public static JsonObject json(String name) {
        try (InputStream in = TestModels.class.getResourceAsStream(name)) {
            return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path resource(String name) {
        try {
            return Path.of(TestModels.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
