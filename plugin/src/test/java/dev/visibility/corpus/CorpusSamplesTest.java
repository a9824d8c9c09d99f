package dev.visibility.corpus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which texts become samples, and how. */
class CorpusSamplesTest {
    /** One token per character: its code point. */
    private static long[] characters(String text) {
        return text.codePoints().asLongStream().toArray();
    }

    @Test
    void takesTheFirstLongEnoughTextsInFileOrderAfterTheBosToken(@TempDir Path folder) throws Exception {
        Path file = Files.write(folder.resolve("corpus.txt"), List.of("a", "abcd", "x", "wxyz", "more", "never"));

        CorpusSamples samples;
        try (CorpusTexts texts = CorpusTexts.open(file, "text", note -> { })) {
            samples = CorpusSamples.select(texts, CorpusSamplesTest::characters, 9, 3, 2, CorpusSamples.Search.SILENT);
        }

        assertEquals(2, samples.ids().size());
        assertArrayEquals(new long[] {9, 'a', 'b'}, samples.ids().get(0));
        assertArrayEquals(new long[] {9, 'w', 'x'}, samples.ids().get(1));
        assertEquals(2, samples.skipped(), "'a' and 'x' are too short; nothing after 'wxyz' is read");
    }

    @Test
    void usesWhatThereIsWhenTheCorpusEndsEarly(@TempDir Path folder) throws Exception {
        Path file = Files.write(folder.resolve("corpus.txt"), List.of("a", "bc", "d", "ef"));

        CorpusSamples samples;
        try (CorpusTexts texts = CorpusTexts.open(file, "text", note -> { })) {
            samples = CorpusSamples.select(texts, CorpusSamplesTest::characters, 9, 3, 100, CorpusSamples.Search.SILENT);
        }

        assertEquals(2, samples.ids().size(), "'bc' has exactly tokens - 1 tokens");
        assertEquals(2, samples.skipped());
    }
}
