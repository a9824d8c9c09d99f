package dev.visibility.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressLineTest {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(buffer, true, StandardCharsets.UTF_8);

    private String written() {
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aStreamThatIsNotStandardErrorIsNoTerminal() {
        assertFalse(TerminalProgress.isTerminal(log));
    }

    @Test
    void withoutATerminalOnlyTheEndIsWrittenAsOneLine() {
        ProgressLine progress = new ProgressLine(log, "gpt2, 20 tokens", false);
        for (int done = 20; done <= 240; done += 20) {
            progress.update(done, 240);
        }

        assertFalse(written().contains("\r"), written());
        assertTrue(written().matches("gpt2, 20 tokens: 240 states, \\d+\\.\\d s\\R"), written());
    }

    @Test
    void onATerminalTheBarIsRedrawnInPlaceAndEndsItsLine() {
        ProgressLine progress = new ProgressLine(log, "gpt2, 20 tokens", true);
        progress.update(120, 240);
        progress.update(240, 240);

        String[] redraws = written().split("\r", -1);
        assertEquals(3, redraws.length, written());
        assertTrue(redraws[1].startsWith("gpt2, 20 tokens [###############               ] 120/240 states, "),
                redraws[1]);
        assertTrue(redraws[2].matches("gpt2, 20 tokens \\[#{30}] 240/240 states, \\d+\\.\\d s\\R"), redraws[2]);
    }
}
