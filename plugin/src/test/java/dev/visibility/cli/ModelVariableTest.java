package dev.visibility.cli;

import dev.visibility.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code VISIBILITY_MODEL} on the command line: it replaces every model, as in a site build. */
class ModelVariableTest {
    private static final String TEXT = "<|endoftext|>The cat sat on the mat.";

    @TempDir
    Path temp;

    private CommandRun withModelVariable(String... args) {
        return CommandRun.run(temp.resolve("xdg"), Map.of("VISIBILITY_MODEL", " " + TestModels.tinyGpt2() + " "),
                List.of(args));
    }

    @Test
    void computeNeedsNoModelFlagWhenTheVariableIsSet() {
        Path file = temp.resolve("cat.json");
        CommandRun run = withModelVariable("compute", "--text", TEXT, "--out", file.toString(),
                "--cache", temp.resolve("cache").toString());

        assertEquals(0, run.code(), run.err());
        assertTrue(Files.isRegularFile(file));
        assertTrue(run.err().contains("13 tokens, " + TestModels.tinyGpt2() + " (centered): computing"), run.err());
    }

    @Test
    void computeUsesTheVariableInsteadOfTheModelFlag() {
        CommandRun run = withModelVariable("compute", "--model", temp.resolve("no-such-model").toString(),
                "--text", TEXT, "--out", temp.resolve("cat.json").toString(),
                "--cache", temp.resolve("cache").toString());

        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains(TestModels.tinyGpt2() + " (centered): computing"), run.err());
    }

    @Test
    void exportUsesTheVariableInsteadOfTheDefaultAndTheBlocksModel() throws Exception {
        Path block = temp.resolve("figure.md");
        Files.writeString(block, "```visibility\ntext: " + TEXT + "\nmodel: " + temp.resolve("no-such-model")
                + "\n```\n");
        CommandRun fromBlock = withModelVariable("export", "--block", block.toString(),
                "--svg", temp.resolve("block.svg").toString(), "--cache", temp.resolve("cache").toString());
        CommandRun byDefault = withModelVariable("export", "--text", TEXT,
                "--svg", temp.resolve("default.svg").toString(), "--cache", temp.resolve("cache").toString());

        assertEquals(0, fromBlock.code(), fromBlock.err());
        assertEquals(0, byDefault.code(), byDefault.err());
        assertTrue(byDefault.err().contains(TestModels.tinyGpt2() + " (centered): cached"), byDefault.err());
        assertEquals(Files.readString(temp.resolve("block.svg")), Files.readString(temp.resolve("default.svg")));
    }

    @Test
    void bothHelpsSayThatTheVariableReplacesTheModel() {
        for (String command : List.of("compute", "export")) {
            CommandRun help = CommandRun.run(temp.resolve("xdg"), command, "--help");
            assertEquals(0, help.code());
            assertTrue(help.out().contains("VISIBILITY_MODEL, where set, replaces it"), help.out());
        }
    }
}
