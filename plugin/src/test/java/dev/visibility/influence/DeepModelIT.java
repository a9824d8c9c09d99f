package dev.visibility.influence;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
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
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * G of a 12-layer GPT-2, the depth at which a use-after-free once made it NaN or wrong, depending on when the
 * garbage collector ran. Repeated runs, in this JVM and in fresh JVMs whose collector runs all the time, must all
 * succeed, agree bit for bit and match the independent float64 reference.
 */
class DeepModelIT {
    private static final int RUNS = 5;
    private static final Map<String, String> TEXTS = Map.of(
            "t29", "<|endoftext|>It is done, and submitted. You can play “Survival",
            "t64", "<|endoftext|>The cat sat on the mat. A hidden state can see the past, and it can influence the"
                    + " future of the text. Early layers extract features.");
    /** Starts with the text of {@code t64}, so by causality its first 64 positions have t64's reference numbers. */
    private static final String LONG_TEXT = TEXTS.get("t64") + " Later layers combine them into the meaning of"
            + " the whole sentence, and the last layers prepare the prediction of the next token. Every state is one"
            + " cell of the figure: hover over it to see what it can see and what it can influence.";
    /** A young generation this small makes the collector run many times during every chunk. */
    private static final List<String> CONSTANT_GARBAGE_COLLECTION = List.of("-XX:+UseSerialGC", "-Xmn2m");

    private static Transformer model;
    private static ModelTokenizer tokenizer;
    private static final Map<String, float[]> firstRuns = new HashMap<>();

    @TempDir
    Path temp;

    @BeforeAll
    static void load() throws Exception {
        model = Transformer.load(TestModels.deepGpt2(), Residual.CENTERED);
        tokenizer = ModelTokenizer.load(TestModels.deepGpt2());
    }

    @AfterAll
    static void close() {
        model.close();
        tokenizer.close();
    }

    @TestFactory
    List<DynamicTest> repeatedRunsInOneJvmAreIdenticalAndExact() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : List.of("t29", "t64")) {
            tests.add(DynamicTest.dynamicTest(name, () -> {
                float[] first = inThisJvm(name);
                ReferenceG.assertMatches(name, reference(name), first);
                for (int run = 2; run <= RUNS; run++) {
                    assertArrayEquals(first, compute(TEXTS.get(name)).values(), name + ", run " + run + " of " + RUNS);
                }
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> freshJvmsWithConstantGarbageCollectionAgreeBitForBit() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : List.of("t29", "t64")) {
            tests.add(DynamicTest.dynamicTest(name, () -> {
                for (int run = 1; run <= RUNS; run++) {
                    float[] values = inFreshJvm(TEXTS.get(name));
                    ReferenceG.assertMatches(name + ", fresh JVM " + run, reference(name), values);
                    assertArrayEquals(inThisJvm(name), values, name + ": fresh JVM " + run + " differs from this JVM");
                }
            }));
        }
        return tests;
    }

    @Test
    void aLongTextIsFiniteDeterministicAndExactWhereTheReferenceReaches() throws Exception {
        InfluenceMatrix g = compute(LONG_TEXT);
        int positions = g.positions();
        assertTrue(positions >= 200, "the long text has only " + positions + " tokens");
        assertArrayEquals(g.values(), inFreshJvm(LONG_TEXT), "a fresh JVM differs from this JVM");

        // G restricted to the first 64 positions, in both position axes, is G of those 64 tokens.
        float[] prefix = ReferenceG.toFloats(ReferenceG.tabulate(g.layers(), 64, g::get));
        ReferenceG.assertMatches("the first 64 positions of the long text", reference("t64"), prefix);
    }

    private static synchronized float[] inThisJvm(String name) throws NonFiniteInfluenceException, ModelLoadException {
        float[] values = firstRuns.get(name);
        if (values == null) {
            values = compute(TEXTS.get(name)).values();
            firstRuns.put(name, values);
        }
        return values;
    }

    private static InfluenceMatrix compute(String text) throws NonFiniteInfluenceException, ModelLoadException {
        TokenizedText tokens = tokenizer.encode(text, Integer.MAX_VALUE);
        return InfluenceComputation.compute(model, tokens.ids(), InfluenceComputation.Progress.NONE);
    }

    private static double[] reference(String name) {
        JsonObject expected = TestModels.deepGpt2Expected().getAsJsonObject(name);
        assertArrayEquals(TestModels.longs(expected.getAsJsonArray("ids")),
                tokenizer.encode(TEXTS.get(name), Integer.MAX_VALUE).ids(), name + ": token ids");
        return ReferenceG.flatten(expected.getAsJsonArray("backward"));
    }

    /** G as the command line computes it in a new JVM that collects garbage all the time. */
    private float[] inFreshJvm(String text) throws IOException, InterruptedException {
        Path folder = Files.createTempDirectory(temp, "run");
        // A file, not an argument: arguments pass through the platform charset, which may not be UTF-8.
        Path textFile = Files.writeString(folder.resolve("text.txt"), text, StandardCharsets.UTF_8);
        Path output = folder.resolve("g.json");
        Path log = folder.resolve("log.txt");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(CONSTANT_GARBAGE_COLLECTION);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.visibility.cli.Main", "compute",
                "--model", TestModels.deepGpt2().toString(), "--text-file", textFile.toString(),
                "--out", output.toString(), "--cache", folder.resolve("cache").toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // The user's cache is neither read nor written: a memo of the weights' hash would go there.
        builder.environment().put("XDG_CACHE_HOME", folder.resolve("xdg").toString());
        // The command line follows VISIBILITY_MODEL over --model, and the build sets it for the example blog.
        builder.environment().remove("VISIBILITY_MODEL");
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("the fresh JVM did not finish within 5 minutes: " + tail(log));
        }
        assertEquals(0, process.exitValue(), () -> "the fresh JVM failed: " + tail(log));
        JsonObject json = JsonParser.parseString(Files.readString(output)).getAsJsonObject();
        return ReferenceG.flattenFloats(json.getAsJsonArray("backward"));
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log);
            return text.substring(Math.max(0, text.length() - 2000));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
