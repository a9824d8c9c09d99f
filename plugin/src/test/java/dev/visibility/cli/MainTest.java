package dev.visibility.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.visibility.Folders;
import dev.visibility.ReferenceG;
import dev.visibility.TestModels;
import dev.visibility.model.CheckpointVariants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line, run in-process on the tiny GPT-2. */
class MainTest {
    private static final String CAT = "<|endoftext|>The cat sat on the mat.";

    @TempDir
    Path temp;

    private CommandRun run(String... args) {
        return CommandRun.run(temp.resolve("xdg"), args);
    }

    /** {@code compute} with a heatmap cache of the test's own, so that every run computes what it checks. */
    private CommandRun compute(String... args) {
        List<String> command = new ArrayList<>(List.of("compute"));
        command.addAll(Arrays.asList(args));
        command.addAll(List.of("--cache", temp.resolve("cache").toString()));
        return run(command.toArray(String[]::new));
    }

    @Test
    void denseOutputHasExactlyTheDocumentedKeysAndTheReferenceNumbers() throws Exception {
        Path file = temp.resolve("cat.json");
        CommandRun run = compute("--model", TestModels.tinyGpt2().toString(), "--text", CAT, "--out", file.toString());
        assertEquals(0, run.code(), run.err());

        JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        assertEquals(Set.of("ids", "tokens", "layers", "positions", "backward", "forward"), new TreeSet<>(json.keySet()));
        JsonObject expected = TestModels.tinyGpt2Expected().getAsJsonObject("cat");
        assertEquals(expected.get("ids"), json.get("ids"));
        assertEquals(" s", json.getAsJsonArray("tokens").get(5).getAsString());
        assertEquals(4, json.get("layers").getAsInt());
        assertEquals(13, json.get("positions").getAsInt());
        for (String view : List.of("backward", "forward")) {
            ReferenceG.assertMatches(view, ReferenceG.flatten(expected.getAsJsonArray(view)),
                    ReferenceG.flattenFloats(json.getAsJsonArray(view)));
        }
        String log = run.err();
        // A tiny model's work is millions of FLOPs, said as such rather than as "about 0 GFLOP".
        Matcher cost = Pattern.compile("13 tokens, " + Pattern.quote(TestModels.tinyGpt2().toString())
                + " \\(centered\\): computing 52 heatmaps, about \\d+(\\.\\d+)? MFLOP: (under 1 s|roughly \\d+ s)"
                + " with \\d+ threads?; G alone needs 10.8 kB").matcher(log);
        assertTrue(cost.find() && log.indexOf(": 13 tokens: computed in ") > cost.start(),
                "the cost comes first: " + log);
    }

    @Test
    void progressLinesNameTheFlagThatGaveTheText() {
        CommandRun run = compute("--model", TestModels.tinyGpt2().toString(), "--text", CAT,
                "--out", temp.resolve("cat.json").toString());

        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().matches("(?s).*\\n--text: \\d+ of 52 heatmaps computed\\n.*"), run.err());
        assertTrue(run.err().contains("--text: 13 tokens, "), run.err());
    }

    @Test
    void aSecondRunTakesTheHeatmapsFromTheCache() throws Exception {
        Path first = temp.resolve("first.json");
        Path second = temp.resolve("second.json");
        CommandRun computed = compute("--model", TestModels.tinyGpt2().toString(), "--text", CAT,
                "--out", first.toString());
        assertEquals(0, computed.code(), computed.err());
        CommandRun cached = compute("--model", TestModels.tinyGpt2().toString(), "--text", CAT,
                "--out", second.toString());
        assertEquals(0, cached.code(), cached.err());

        assertTrue(cached.err().contains("13 tokens, " + TestModels.tinyGpt2() + " (centered): cached"), cached.err());
        assertEquals(Files.readString(first), Files.readString(second));
    }

    @Test
    void aCacheThatCannotBeWrittenCostsNoResult() throws Exception {
        Path notAFolder = Files.writeString(temp.resolve("not-a-folder"), "");
        Path file = temp.resolve("cat.json");
        CommandRun run = run("compute", "--model", TestModels.tinyGpt2().toString(), "--text", CAT,
                "--cache", notAFolder.toString(), "--out", file.toString());
        assertEquals(0, run.code(), run.err());

        assertTrue(run.err().contains("cannot keep computed heatmaps in the cache " + notAFolder), run.err());
        assertEquals(13, JsonParser.parseString(Files.readString(file)).getAsJsonObject().get("positions").getAsInt());
    }

    @Test
    void seedOutputIsTheCombinedHeatmapOfEveryState() throws Exception {
        Path file = temp.resolve("seed.json");
        CommandRun run = compute("--model", TestModels.tinyGpt2().toString(), "--text", CAT,
                "--out", file.toString(), "--format", "seed");
        assertEquals(0, run.code(), run.err());

        double[] got = ReferenceG.flatten(JsonParser.parseString(Files.readString(file)).getAsJsonArray());
        JsonObject expected = TestModels.tinyGpt2Expected().getAsJsonObject("cat");
        double[] backward = ReferenceG.flatten(expected.getAsJsonArray("backward"));
        double[] forward = ReferenceG.flatten(expected.getAsJsonArray("forward"));
        assertEquals(backward.length, got.length);
        for (int i = 0; i < got.length; i++) {
            assertEquals(backward[i] + forward[i], got[i], 1e-4 * 3.5, "cell " + i);
        }
    }

    @Test
    void textCanComeFromAFile() throws Exception {
        Path text = Files.writeString(temp.resolve("text.txt"), CAT);
        Path file = temp.resolve("out.json");
        CommandRun run = compute("--model", TestModels.tinyGpt2().toString(), "--text-file", text.toString(),
                "--out", file.toString(), "--residual", "raw", "--threads", "1");
        assertEquals(0, run.code(), run.err());
        assertTrue(Files.size(file) > 0);
    }

    @Test
    void dashWritesTheJsonAloneToStandardOutput() {
        CommandRun run = compute("--model", TestModels.tinyGpt2().toString(), "--text", CAT, "--out", "-",
                "--format", "seed");
        assertEquals(0, run.code(), run.err());

        assertEquals(4, JsonParser.parseString(run.out()).getAsJsonArray().size());
        assertTrue(run.err().contains("Wrote standard output"), run.err());
    }

    @Test
    void helpDocumentsEveryOption() {
        CommandRun computeHelp = run("compute", "--help");
        assertEquals(0, computeHelp.code());
        String help = computeHelp.out();
        for (String option : List.of("--model", "--text", "--text-file", "--out", "--format", "--residual",
                "--max-tokens", "--threads", "dense", "seed", "centered", "raw")) {
            assertTrue(help.contains(option), option + " missing from:\n" + help);
        }
        CommandRun mainHelp = run("--help");
        assertEquals(0, mainHelp.code());
        assertTrue(mainHelp.out().contains("benchmark"));
    }

    @Test
    void usageErrorsExitWithTwoAndSayWhatIsWrong() {
        assertUsageError("unknown command 'comput'", "comput");
        assertUsageError("option --model is required", "compute", "--text", "x", "--out", "x.json");
        assertUsageError("unknown option '--colour'", "compute", "--colour", "red");
        assertUsageError("--format must be dense or seed, got 'csv'", "compute", "--model", "m", "--text", "x",
                "--out", "o", "--format", "csv");
        assertUsageError("give exactly one of --text, --text-file and --corpus", "compute", "--model", "m", "--out", "o");
        assertUsageError("option --threads must be a positive integer, got '0'", "compute", "--model", "m",
                "--text", "x", "--out", "o", "--threads", "0");
        assertUsageError("unknown residual convention 'centred'", "compute", "--model", "m", "--text", "x",
                "--out", "o", "--residual", "centred");
    }

    @Test
    void aHugeTextFileIsRefusedBeforeItIsRead() throws Exception {
        Path huge = temp.resolve("huge.txt");
        try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(100L << 20); // sparse: 100 MB of zeros on no disk
        }

        assertUsageError("--text-file " + huge + " has 104857600 bytes; GPT-2 reads at most a few thousand tokens",
                "compute", "--model", "m", "--text-file", huge.toString(), "--out", "o");
    }

    @Test
    void emptyAndOverlongTextsAreRejectedWithoutOutput() {
        Path file = temp.resolve("never.json");
        assertUsageError("--text is empty", "compute", "--model", TestModels.tinyGpt2().toString(), "--text", "",
                "--out", file.toString());
        assertUsageError("--text: the text has 13 tokens, more than the configured maximum of 3", "compute",
                "--model", TestModels.tinyGpt2().toString(), "--text", CAT, "--out", file.toString(),
                "--max-tokens", "3", "--cache", temp.resolve("cache").toString());
        assertFalse(Files.exists(file));
    }

    @Test
    void aBrokenModelNamesTheFileAndWritesNothing() throws Exception {
        Path model = temp.resolve("model");
        CheckpointVariants.copyTokenizerAndConfig(model);
        Files.write(model.resolve("model.safetensors"), new byte[] {1, 2, 3});
        Path file = temp.resolve("never.json");
        CommandRun run = compute("--model", model.toString(), "--text", CAT, "--out", file.toString());
        assertEquals(1, run.code());
        assertTrue(run.err().contains(model.resolve("model.safetensors").toString()), run.err());
        assertFalse(Files.exists(file));
        assertEquals(List.of("config.json", "model.safetensors", "tokenizer.json"), Folders.list(model));
    }

    @Test
    void aModelThatGivesNanWritesNothingAndSaysWhere() throws Exception {
        Path model = CheckpointVariants.overflowingInBlock(temp.resolve("nan"), 1);
        Path file = temp.resolve("never.json");
        CommandRun run = compute("--model", model.toString(), "--text", CAT, "--out", file.toString());
        assertEquals(1, run.code());
        assertTrue(run.err().contains("visibility: cannot compute the heatmaps: G[3,12,2,0] came out NaN"
                + " in chunk 1 of "), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
        assertFalse(Files.exists(file));
    }

    @Test
    void aCorpusFileThatCannotBeUsedExitsWithOneClearLine() throws Exception {
        Path corpus = Files.writeString(temp.resolve("numbers.jsonl"), "{\"text\": 5}\n");
        CommandRun run = compute("--model", TestModels.tinyGpt2().toString(), "--corpus", corpus.toString(),
                "--out", temp.resolve("g.json").toString());
        assertEquals(1, run.code(), run.err());
        assertTrue(run.err().endsWith("visibility: --corpus: " + corpus + ":1: the field 'text' is a number, not a"
                + " string\n"), run.err());
        assertFalse(run.err().contains("--help"), run.err());
    }

    @Test
    void samplesSaysWhichNumbersItTakes() {
        for (String samples : List.of("-1", "0")) {
            assertUsageError("expected a whole number from 1 up, found '" + samples + "'", "compute", "--model",
                    TestModels.tinyGpt2().toString(), "--corpus", "c.txt", "--samples", samples, "--out", "o.json");
        }
    }

    private void assertUsageError(String message, String... args) {
        CommandRun run = run(args);
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains(message), "expected '" + message + "' in: " + run.err());
    }
}
