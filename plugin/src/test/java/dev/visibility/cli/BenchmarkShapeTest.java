package dev.visibility.cli;

import dev.visibility.cli.BenchmarkShape.Dimensions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code benchmark --shape}: the names it takes, and what it refuses before anything is written or loaded. */
class BenchmarkShapeTest {
    private static final String ALL = "gpt2, pythia-160m, smollm2-135m, qwen2.5-0.5b, llama-3.2-1b, gemma-2-2b";

    @TempDir
    Path temp;

    @Test
    void takesOneOrMoreNamesInOrder() throws Exception {
        assertEquals(List.of(BenchmarkShape.GPT2), BenchmarkShape.parseList("gpt2"));
        assertEquals(List.of(BenchmarkShape.LLAMA_3_2_1B, BenchmarkShape.QWEN2_5_0_5B),
                BenchmarkShape.parseList("llama-3.2-1b, qwen2.5-0.5b"));
        assertEquals(ALL, BenchmarkShape.names());
    }

    @Test
    void refusesAnUnknownNameListingTheValidOnes() {
        for (String list : List.of("gpt3", "gpt2,Llama-3.2-1B", "gpt2,", "")) {
            UsageException e = assertThrows(UsageException.class, () -> BenchmarkShape.parseList(list));
            assertTrue(e.getMessage().contains("--shape takes one or more of: " + ALL), e.getMessage());
        }
        UsageException twice = assertThrows(UsageException.class, () -> BenchmarkShape.parseList("gpt2,gpt2"));
        assertEquals("--shape names gpt2 twice", twice.getMessage());
    }

    @Test
    void theCommandRefusesAnUnknownShapeAndATooLongTextBeforeWritingAnything() {
        CommandRun unknown = CommandRun.run(temp.resolve("xdg"), "benchmark", "--shape", "mistral-7b");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("unknown shape 'mistral-7b'; --shape takes one or more of: " + ALL),
                unknown.err());

        CommandRun tooLong = CommandRun.run(temp.resolve("xdg"), "benchmark", "--shape", "llama-3.2-1b,gpt2",
                "--tokens", "20,2000");
        assertEquals(2, tooLong.code());
        assertTrue(tooLong.err().contains("--tokens takes lengths from 1 to 1024 (the context of gpt2), got '2000'"),
                tooLong.err());
        assertEquals("", unknown.out() + tooLong.out());
    }

    @Test
    void helpListsEveryShapeWithItsHubRepositoryAndSize() {
        CommandRun help = CommandRun.run(temp.resolve("xdg"), "benchmark", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("  llama-3.2-1b   meta-llama/Llama-3.2-1B: 1236M parameters, BF16, 2.47 GB"),
                help.out());
        for (BenchmarkShape shape : BenchmarkShape.values()) {
            assertTrue(help.out().contains("  " + shape.shapeName() + " "), shape.shapeName());
        }
    }

    @Test
    void sizesTheConfigLeavesToTheFamilyMustBeTheDerivedOnes() {
        Dimensions gpt2 = BenchmarkShape.GPT2.dimensions();
        IllegalArgumentException mlp = assertThrows(IllegalArgumentException.class, () -> BenchmarkShape.GPT2
                .configJson(new Dimensions(2, 64, 4, 4, 16, 100, 300, gpt2.maxPositions())));
        assertTrue(mlp.getMessage().contains("MLP width"), mlp.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BenchmarkShape.SMOLLM2_135M
                .configJson(new Dimensions(2, 64, 4, 2, 24, 96, 300, 8192)));
        String config = BenchmarkShape.LLAMA_3_2_1B.configJson(new Dimensions(2, 64, 4, 2, 24, 96, 300, 131072));
        assertTrue(config.contains("\"head_dim\": 24,"), config);
        assertFalse(config.contains("${"), config);
    }
}
