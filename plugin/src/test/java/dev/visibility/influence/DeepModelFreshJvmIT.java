package dev.visibility.influence;

import dev.visibility.ReferenceG;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static dev.visibility.influence.DeepModelRuns.RUNS;
import static dev.visibility.influence.DeepModelRuns.TEXTS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * G of the 12-layer GPT-2 of {@link DeepModelIT}, computed by the command line in fresh JVMs whose garbage
 * collector runs all the time, where a use-after-free showed first. Every run must match the independent float64
 * reference and agree bit for bit with this JVM. A class of its own, so that the build's two test JVMs share the
 * deep model's work instead of one of them waiting for the other.
 */
class DeepModelFreshJvmIT {
    @RegisterExtension
    static final DeepModelRuns deepModel = new DeepModelRuns();

    @TestFactory
    List<DynamicTest> freshJvmsWithConstantGarbageCollectionAgreeBitForBit() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : List.of("t29", "t64")) {
            tests.add(DynamicTest.dynamicTest(name, () -> {
                for (int run = 1; run <= RUNS; run++) {
                    float[] values = deepModel.inFreshJvm(TEXTS.get(name));
                    ReferenceG.assertMatches(name + ", fresh JVM " + run, deepModel.reference(name), values);
                    assertArrayEquals(deepModel.inThisJvm(name), values,
                            name + ": fresh JVM " + run + " differs from this JVM");
                }
            }));
        }
        return tests;
    }
}
