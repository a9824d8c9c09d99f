package dev.visibility.influence;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.visibility.TestModels;
import dev.visibility.model.Gpt2;
import dev.visibility.model.Gpt2Tokenizer;
import dev.visibility.model.Residual;
import dev.visibility.model.TokenizedText;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** G of the tiny GPT-2 against the independent float64 reference in {@code expected.json}. */
class InfluenceParityTest {
    private static Gpt2 model;
    private static Gpt2Tokenizer tokenizer;

    @BeforeAll
    static void load() throws Exception {
        model = Gpt2.load(TestModels.tinyGpt2(), Residual.CENTERED);
        tokenizer = Gpt2Tokenizer.load(TestModels.tinyGpt2());
    }

    @AfterAll
    static void close() {
        model.close();
        tokenizer.close();
    }

    @TestFactory
    List<DynamicTest> everyReferenceTextMatches() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, JsonElement> entry : TestModels.tinyGpt2Expected().entrySet()) {
            JsonObject expected = entry.getValue().getAsJsonObject();
            tests.add(DynamicTest.dynamicTest(entry.getKey(), () -> assertMatches(expected)));
        }
        return tests;
    }

    private static void assertMatches(JsonObject expected) {
        TokenizedText text = tokenizer.encode(expected.get("text").getAsString(), Integer.MAX_VALUE);
        assertArrayEquals(longs(expected.getAsJsonArray("ids")), text.ids(), "token ids");

        InfluenceMatrix g = InfluenceComputation.compute(model, text.ids(), InfluenceComputation.Progress.NONE);
        int layers = expected.get("layers").getAsInt();
        int positions = expected.get("positions").getAsInt();
        assertEquals(layers, g.layers());
        assertEquals(positions, g.positions());
        assertView("backward", expected.getAsJsonArray("backward"), g::backward, layers, positions);
        assertView("forward", expected.getAsJsonArray("forward"), g::forward, layers, positions);
    }

    interface View {
        float at(int stateLayer, int statePosition, int layer, int position);
    }

    private static void assertView(String name, JsonArray expected, View actual, int layers, int positions) {
        double largest = 0;
        for (int a = 0; a < layers; a++) {
            for (int b = 0; b < positions; b++) {
                for (int c = 0; c < layers; c++) {
                    for (int d = 0; d < positions; d++) {
                        largest = Math.max(largest, Math.abs(cell(expected, a, b, c, d)));
                    }
                }
            }
        }
        assertTrue(largest > 0, name + " reference is all zero");
        double worst = 0;
        String worstCell = "";
        for (int a = 0; a < layers; a++) {
            for (int b = 0; b < positions; b++) {
                for (int c = 0; c < layers; c++) {
                    for (int d = 0; d < positions; d++) {
                        double want = cell(expected, a, b, c, d);
                        float got = actual.at(a, b, c, d);
                        if (want == 0) {
                            assertEquals(0f, got, name + "[" + a + "][" + b + "][" + c + "][" + d + "] outside the cone");
                        }
                        double error = Math.abs(got - want);
                        if (error > worst) {
                            worst = error;
                            worstCell = name + "[" + a + "][" + b + "][" + c + "][" + d + "]";
                        }
                    }
                }
            }
        }
        assertTrue(worst <= 1e-4 * largest,
                name + ": max abs error " + worst + " at " + worstCell + " exceeds 1e-4 x " + largest);
    }

    private static double cell(JsonArray array, int a, int b, int c, int d) {
        return array.get(a).getAsJsonArray().get(b).getAsJsonArray().get(c).getAsJsonArray().get(d).getAsDouble();
    }

    private static long[] longs(JsonArray array) {
        long[] values = new long[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).getAsLong();
        }
        return values;
    }
}
