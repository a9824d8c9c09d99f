package dev.visibility.hub;

import dev.visibility.TestModels;
import dev.visibility.influence.InfluenceComputation;
import dev.visibility.model.Transformer;
import dev.visibility.model.ModelTokenizer;
import dev.visibility.model.Residual;
import dev.visibility.model.TokenizedText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The whole way a blogger's {@code model: gpt2} takes: downloaded from a hub on loopback, verified, cached, and
 * computed with; then the same again with the hub gone and {@code HF_HUB_OFFLINE} set. The mirror serves the tiny
 * GPT-2, so the downloaded copy must compute exactly what the fixture folder computes (whose numbers
 * {@code InfluenceParityTest} checks against the reference).
 */
class DownloadedModelTest {
    private static final String TEXT = "<|endoftext|>The cat sat on the mat.";

    @TempDir
    Path temp;

    @Test
    void gpt2FromAMirrorComputesLikeTheFixtureOnlineAndThenOffline() throws Exception {
        HubTestSupport support;
        LocatedModel online;
        try (FakeHub hub = new FakeHub()) {
            support = new HubTestSupport(temp, hub.endpoint());
            online = support.locate("gpt2");
        }
        assertEquals("openai-community/gpt2@" + FakeHub.MAIN, online.identity());
        float[] expected = influence(TestModels.tinyGpt2());
        assertArrayEquals(expected, influence(online.folder()));

        support.env.put("HF_HUB_OFFLINE", "1");
        LocatedModel offline = support.locate("gpt2");
        assertEquals(online, offline);
        assertArrayEquals(expected, influence(offline.folder()));
    }

    private static float[] influence(Path folder) throws Exception {
        TokenizedText text;
        try (ModelTokenizer tokenizer = ModelTokenizer.load(folder)) {
            text = tokenizer.encode(TEXT, Integer.MAX_VALUE);
        }
        try (Transformer model = Transformer.load(folder, Residual.CENTERED)) {
            return InfluenceComputation.compute(model, text.ids(), InfluenceComputation.Progress.NONE).values();
        }
    }
}
