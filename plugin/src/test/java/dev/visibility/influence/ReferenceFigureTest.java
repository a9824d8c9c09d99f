package dev.visibility.influence;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import dev.visibility.hub.ModelLocator;
import dev.visibility.model.Transformer;
import dev.visibility.model.ModelTokenizer;
import dev.visibility.model.Residual;
import dev.visibility.model.TokenizedText;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reproduces the published numbers of the original blog figure with real GPT-2 small. Real weights cannot be
 * downloaded everywhere, so this runs only when {@code VISIBILITY_GPT2_SMALL} names them: a local folder, or a
 * hub id such as {@code gpt2} that is in the Hugging Face cache.
 */
class ReferenceFigureTest {
    private static final String VARIABLE = "VISIBILITY_GPT2_SMALL";
    private static final String TEXT = "<|endoftext|>It is done, and submitted. You can play “Survival of the Tastiest";

    /**
     * The reference was computed by another float32 implementation; twelve layers of float32 rounding in a
     * different order stay well below this bound, while any real difference in the definition exceeds it.
     */
    private static final double TOLERANCE = 1e-3;

    @Test
    void reproducesThePublishedHeatmapsOfGpt2Small() throws Exception {
        String model = System.getenv(VARIABLE);
        if (model == null) {
            System.err.println("SKIPPED ReferenceFigureTest: set " + VARIABLE
                    + " to a GPT-2 small folder (or 'gpt2' when it is in the Hugging Face cache) to compare with the published figure");
        }
        assumeTrue(model != null, VARIABLE + " is not set: no real GPT-2 small weights to compare with");

        JsonArray reference;
        try (InputStream in = getClass().getResourceAsStream("/reference/seed-heatmaps.json")) {
            reference = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonArray();
        }
        Path folder = new ModelLocator(System.getenv(), System.err::println).locate(model).folder();
        TokenizedText text;
        try (ModelTokenizer tokenizer = ModelTokenizer.load(folder)) {
            text = tokenizer.encode(TEXT, Integer.MAX_VALUE);
        }
        InfluenceMatrix g;
        try (Transformer gpt2 = Transformer.load(folder, Residual.CENTERED)) {
            g = InfluenceComputation.compute(gpt2, text.ids(), InfluenceComputation.Progress.NONE);
        }
        assertEquals(reference.size(), g.layers());
        assertEquals(reference.get(0).getAsJsonArray().size(), g.positions());

        double largest = 0;
        double worst = 0;
        for (int stateLayer = 0; stateLayer < g.layers(); stateLayer++) {
            for (int statePosition = 0; statePosition < g.positions(); statePosition++) {
                JsonArray heatmap = reference.get(stateLayer).getAsJsonArray().get(statePosition).getAsJsonArray();
                for (int layer = 0; layer < g.layers(); layer++) {
                    for (int position = 0; position < g.positions(); position++) {
                        double want = heatmap.get(layer).getAsJsonArray().get(position).getAsDouble();
                        largest = Math.max(largest, Math.abs(want));
                        worst = Math.max(worst, Math.abs(want - g.combined(stateLayer, statePosition, layer, position)));
                    }
                }
            }
        }
        assertTrue(worst <= TOLERANCE * largest, "max abs error " + worst + " exceeds " + TOLERANCE + " x " + largest);
    }
}
