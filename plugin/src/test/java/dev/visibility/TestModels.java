package dev.visibility;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The test fixtures: the tiny random GPT-2 and the reference numbers computed independently for it. */
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
