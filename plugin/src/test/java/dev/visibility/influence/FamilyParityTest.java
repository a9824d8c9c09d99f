package dev.visibility.influence;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.visibility.ReferenceG;
import dev.visibility.TestModels;
import dev.visibility.model.Residual;
import dev.visibility.model.Transformer;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code G} of each newer family's fixture (Pythia, Llama, Qwen2, Qwen3, Gemma 2) against the independent
 * float64 reference in its {@code expected.json}: every case, in one chunk and in chunks of a few positions, and
 * bit for bit the same from run to run.
 */
class FamilyParityTest {
    @TestFactory
    List<DynamicNode> everyFixtureCaseMatchesTheReference() {
        List<DynamicNode> fixtures = new ArrayList<>();
        for (String fixture : TestModels.FAMILY_FIXTURES) {
            List<DynamicNode> cases = new ArrayList<>();
            for (Map.Entry<String, JsonElement> entry : TestModels.expected(fixture).entrySet()) {
                JsonObject expected = entry.getValue().getAsJsonObject();
                cases.add(DynamicTest.dynamicTest(entry.getKey(), () -> assertMatches(fixture, expected)));
            }
            fixtures.add(DynamicContainer.dynamicContainer(fixture, cases));
        }
        return fixtures;
    }

    private static void assertMatches(String fixture, JsonObject expected) throws Exception {
        long[] ids = TestModels.longs(expected.getAsJsonArray("ids"));
        Residual residual = Residual.parse(expected.get("residual").getAsString());
        try (Transformer model = Transformer.load(TestModels.fixture(fixture), residual)) {
            InfluenceMatrix g = InfluenceComputation.compute(model, ids, InfluenceComputation.Progress.NONE);
            assertEquals(expected.get("layers").getAsInt(), g.layers());
            assertEquals(expected.get("positions").getAsInt(), g.positions());
            ReferenceG.assertMatches(fixture + " backward", ReferenceG.flatten(expected.getAsJsonArray("backward")),
                    g.values());

            InfluenceMatrix chunked = InfluenceComputation.compute(model, ids, InfluenceComputation.Progress.NONE,
                    64 << 10);
            ReferenceG.assertMatches(fixture + " in small chunks",
                    ReferenceG.flatten(expected.getAsJsonArray("backward")), chunked.values());
            assertArrayEquals(g.values(), InfluenceComputation.compute(model, ids,
                    InfluenceComputation.Progress.NONE).values(), "the same G on a second run");
        }
    }
}
