package dev.visibility.hub;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.visibility.TestModels;
import dev.visibility.influence.InfluenceComputation;
import dev.visibility.influence.InfluenceMatrix;
import dev.visibility.model.Gpt2;
import dev.visibility.model.Gpt2Tokenizer;
import dev.visibility.model.Residual;
import dev.visibility.model.TokenizedText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole way a blogger's {@code model: gpt2} takes: downloaded from a hub on loopback, verified, cached, and
 * computed with; then the same again with the hub gone and {@code HF_HUB_OFFLINE} set.
 */
class DownloadedModelTest {
    @TempDir
    Path temp;

    @Test
    void gpt2FromAMirrorComputesTheReferenceNumbersOnlineAndThenOffline() throws Exception {
        HubTestSupport support;
        LocatedModel online;
        try (FakeHub hub = new FakeHub()) {
            support = new HubTestSupport(temp, hub.endpoint());
            online = support.locate("gpt2");
        }
        assertEquals("openai-community/gpt2@" + FakeHub.MAIN, online.identity());
        assertReferenceNumbers(online.folder());

        support.env.put("HF_HUB_OFFLINE", "1");
        LocatedModel offline = support.locate("gpt2");
        assertEquals(online, offline);
        assertReferenceNumbers(offline.folder());
    }

    private static void assertReferenceNumbers(Path folder) throws Exception {
        JsonObject expected = TestModels.tinyGpt2Expected().getAsJsonObject("cat");
        TokenizedText text;
        try (Gpt2Tokenizer tokenizer = Gpt2Tokenizer.load(folder)) {
            text = tokenizer.encode(expected.get("text").getAsString(), Integer.MAX_VALUE);
        }
        InfluenceMatrix g;
        try (Gpt2 model = Gpt2.load(folder, Residual.CENTERED)) {
            g = InfluenceComputation.compute(model, text.ids(), InfluenceComputation.Progress.NONE);
        }
        JsonArray ids = expected.getAsJsonArray("ids");
        assertArrayEquals(ids.asList().stream().mapToLong(id -> id.getAsLong()).toArray(), text.ids());
        JsonArray backward = expected.getAsJsonArray("backward");
        double tolerance = 1e-4 * largest(backward);
        for (int stateLayer = 0; stateLayer < g.layers(); stateLayer++) {
            for (int statePosition = 0; statePosition < g.positions(); statePosition++) {
                JsonArray heatmap = backward.get(stateLayer).getAsJsonArray().get(statePosition).getAsJsonArray();
                for (int layer = 0; layer < g.layers(); layer++) {
                    for (int position = 0; position < g.positions(); position++) {
                        double want = heatmap.get(layer).getAsJsonArray().get(position).getAsDouble();
                        float got = g.backward(stateLayer, statePosition, layer, position);
                        assertTrue(Math.abs(got - want) <= tolerance, "G differs at " + stateLayer + ","
                                + statePosition + "," + layer + "," + position + ": " + got + " vs " + want);
                    }
                }
            }
        }
    }

    private static double largest(JsonArray nested) {
        double largest = 0;
        for (var element : nested) {
            largest = Math.max(largest, element.isJsonArray() ? largest(element.getAsJsonArray()) : element.getAsDouble());
        }
        return largest;
    }
}
