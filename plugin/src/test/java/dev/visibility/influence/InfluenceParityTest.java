package dev.visibility.influence;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.visibility.model.ModelLoadException;
import dev.visibility.ReferenceG;
import dev.visibility.TestModels;
import dev.visibility.model.Transformer;
import dev.visibility.model.ModelTokenizer;
import dev.visibility.model.Residual;
import dev.visibility.model.TokenizedText;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** G of the tiny GPT-2 against the independent float64 reference in {@code expected.json}. */
class InfluenceParityTest {
    private static Transformer model;
    private static ModelTokenizer tokenizer;

    @BeforeAll
    static void load() throws Exception {
        model = Transformer.load(TestModels.tinyGpt2(), Residual.CENTERED);
        tokenizer = ModelTokenizer.load(TestModels.tinyGpt2());
    }

    @AfterAll
    static void close() {
        model.close();
        tokenizer.close();
    }

    /**
     * Every reference text, in one chunk and in many: 256 KiB gives chunks of a few positions, 1 byte a chunk per
     * position. Every chunk carries the targets of all layers.
     */
    @TestFactory
    List<DynamicTest> everyReferenceTextMatchesHoweverItIsChunked() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, JsonElement> entry : TestModels.tinyGpt2Expected().entrySet()) {
            JsonObject expected = entry.getValue().getAsJsonObject();
            for (long chunkBytes : new long[] {InfluenceComputation.CHUNK_BYTES, 256 << 10, 1}) {
                tests.add(DynamicTest.dynamicTest(entry.getKey() + ", chunks of " + chunkBytes + " bytes",
                        () -> assertMatches(expected, chunkBytes)));
            }
        }
        return tests;
    }

    @Test
    void theChunkBoundsGiveSeveralChunksOfSeveralPositions() {
        List<int[]> chunks = InfluenceComputation.plan(model.config(), 35, 256 << 10);

        assertTrue(chunks.size() > 2, chunks.size() + " chunks");
        assertTrue(chunks.get(chunks.size() - 1).length > 1, "the last chunk has several positions");
        assertEquals(35, chunks.stream().mapToInt(chunk -> chunk.length).sum(), "every position once");
        assertEquals(1, InfluenceComputation.plan(model.config(), 35, InfluenceComputation.CHUNK_BYTES).size());
    }

    private static void assertMatches(JsonObject expected, long chunkBytes) throws NonFiniteInfluenceException, ModelLoadException {
        TokenizedText text = tokenizer.encode(expected.get("text").getAsString(), Integer.MAX_VALUE);
        assertArrayEquals(TestModels.longs(expected.getAsJsonArray("ids")), text.ids(), "token ids");

        InfluenceMatrix g = InfluenceComputation.compute(model, text.ids(), InfluenceComputation.Progress.NONE,
                chunkBytes);
        assertEquals(expected.get("layers").getAsInt(), g.layers());
        assertEquals(expected.get("positions").getAsInt(), g.positions());
        ReferenceG.assertMatches("backward", ReferenceG.flatten(expected.getAsJsonArray("backward")), g.values());
        ReferenceG.assertMatches("forward", ReferenceG.flatten(expected.getAsJsonArray("forward")), forward(g));
    }

    /** The "influences" view of every state, flattened like {@code G}: {@code forward[L][P][l][p] = G[l,p,L,P]}. */
    private static float[] forward(InfluenceMatrix g) {
        return ReferenceG.toFloats(ReferenceG.tabulate(g.layers(), g.positions(), g::forward));
    }
}
