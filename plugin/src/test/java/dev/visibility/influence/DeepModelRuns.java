package dev.visibility.influence;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.visibility.Folders;
import dev.visibility.ReferenceG;
import dev.visibility.TestModels;
import dev.visibility.model.ModelLoadException;
import dev.visibility.model.ModelTokenizer;
import dev.visibility.model.Residual;
import dev.visibility.model.TokenizedText;
import dev.visibility.model.Transformer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * G of the 12-layer GPT-2 of the deep-model tests ({@link DeepModelIT}, {@link DeepModelFreshJvmIT}), for their
 * texts, computed in this JVM or by the command line in a fresh JVM whose collector runs all the time. A test class
 * registers one as a static extension, which loads the model before its tests and closes it after them.
 */
final class DeepModelRuns implements BeforeAllCallback, AfterAllCallback {
    /** How often each text is computed, in this JVM and in fresh JVMs. */
    static final int RUNS = 5;
    /** The texts that the float64 reference covers, by name. */
    static final Map<String, String> TEXTS = Map.of(
            "t29", "<|endoftext|>It is done, and submitted. You can play “Survival",
            "t64", "<|endoftext|>The cat sat on the mat. A hidden state can see the past, and it can influence the"
                    + " future of the text. Early layers extract features.");
    /** A young generation this small makes the collector run many times during every chunk. */
    private static final List<String> CONSTANT_GARBAGE_COLLECTION = List.of("-XX:+UseSerialGC", "-Xmn2m");

    private Transformer model;
    private ModelTokenizer tokenizer;
    /** Where the fresh JVMs keep their files. */
    private Path work;
    private final Map<String, float[]> firstRuns = new HashMap<>();

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        work = Files.createTempDirectory("visibility-deep-model");
        model = Transformer.load(TestModels.deepGpt2(), Residual.CENTERED);
        tokenizer = ModelTokenizer.load(TestModels.deepGpt2());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (model != null) {
            model.close();
        }
        if (tokenizer != null) {
            tokenizer.close();
        }
        Folders.delete(work);
    }

    /** The first G of the text {@code name} computed in this JVM: later runs, here or elsewhere, must equal it. */
    synchronized float[] inThisJvm(String name) throws NonFiniteInfluenceException, ModelLoadException {
        float[] values = firstRuns.get(name);
        if (values == null) {
            values = compute(TEXTS.get(name)).values();
            firstRuns.put(name, values);
        }
        return values;
    }

    InfluenceMatrix compute(String text) throws NonFiniteInfluenceException, ModelLoadException {
        TokenizedText tokens = tokenizer.encode(text, Integer.MAX_VALUE);
        return InfluenceComputation.compute(model, tokens.ids(), InfluenceComputation.Progress.NONE);
    }

    /** The float64 reference G of the text {@code name}, after checking that its token ids are ours. */
    double[] reference(String name) {
        JsonObject expected = TestModels.deepGpt2Expected().getAsJsonObject(name);
        assertArrayEquals(TestModels.longs(expected.getAsJsonArray("ids")),
                tokenizer.encode(TEXTS.get(name), Integer.MAX_VALUE).ids(), name + ": token ids");
        return ReferenceG.flatten(expected.getAsJsonArray("backward"));
    }

    /** G as the command line computes it in a new JVM that collects garbage all the time. */
    float[] inFreshJvm(String text) throws IOException, InterruptedException {
        Path folder = Files.createTempDirectory(work, "run");
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
        // The user's cache is neither read nor written. The fresh JVMs share one of their own, so that the speed
        // for the cost estimate is measured once and not in each of them (a second or two on this machine).
        builder.environment().put("XDG_CACHE_HOME", work.resolve("xdg").toString());
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
