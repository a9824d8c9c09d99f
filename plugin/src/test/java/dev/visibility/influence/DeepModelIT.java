package dev.visibility.influence;

import dev.visibility.ReferenceG;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static dev.visibility.influence.DeepModelRuns.RUNS;
import static dev.visibility.influence.DeepModelRuns.TEXTS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * G of a 12-layer GPT-2, the depth at which a use-after-free once made it NaN or wrong, depending on when the
 * garbage collector ran. Repeated runs in this JVM must all succeed, agree bit for bit and match the independent
 * float64 reference, and so must a text of over 200 tokens where the reference reaches. {@link DeepModelFreshJvmIT}
 * repeats the texts in fresh JVMs, in a JVM of the build's own beside this one.
 */
class DeepModelIT {
    /** Starts with the text of {@code t64}, so by causality its first 64 positions have t64's reference numbers. */
    private static final String LONG_TEXT = TEXTS.get("t64") + " Later layers combine them into the meaning of"
            + " the whole sentence, and the last layers prepare the prediction of the next token. Every state is one"
            + " cell of the figure: hover over it to see what it can see and what it can influence.";

    @RegisterExtension
    static final DeepModelRuns deepModel = new DeepModelRuns();

    @TestFactory
    List<DynamicTest> repeatedRunsInOneJvmAreIdenticalAndExact() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : List.of("t29", "t64")) {
            tests.add(DynamicTest.dynamicTest(name, () -> {
                float[] first = deepModel.inThisJvm(name);
                ReferenceG.assertMatches(name, deepModel.reference(name), first);
                for (int run = 2; run <= RUNS; run++) {
                    assertArrayEquals(first, deepModel.compute(TEXTS.get(name)).values(),
                            name + ", run " + run + " of " + RUNS);
                }
            }));
        }
        return tests;
    }

    @Test
    void aLongTextIsFiniteDeterministicAndExactWhereTheReferenceReaches() throws Exception {
        InfluenceMatrix g = deepModel.compute(LONG_TEXT);
        int positions = g.positions();
        assertTrue(positions >= 200, "the long text has only " + positions + " tokens");
        assertArrayEquals(g.values(), deepModel.inFreshJvm(LONG_TEXT), "a fresh JVM differs from this JVM");

        // G restricted to the first 64 positions, in both position axes, is G of those 64 tokens.
        float[] prefix = ReferenceG.toFloats(ReferenceG.tabulate(g.layers(), 64, g::get));
        ReferenceG.assertMatches("the first 64 positions of the long text", deepModel.reference("t64"), prefix);
    }
}
