package dev.visibility.hub;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressBarTest {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    private final AtomicLong clock = new AtomicLong();

    @Test
    void onATerminalOneLineIsRedrawnWithSizeAndSpeed() {
        ProgressBar bar = new ProgressBar(ProgressSink.onTerminal(out), "model.safetensors", 4_000_000, 0, clock::get);
        clock.addAndGet(1_000_000_000L);
        bar.advance(1_000_000);
        clock.addAndGet(1_000_000_000L);
        bar.finish();

        String text = output();
        assertTrue(text.contains("\rmodel.safetensors  25% [######                  ] 1.0 MB / 4.0 MB  1.0 MB/s"),
                text);
        assertTrue(text.stripTrailing().endsWith("\rmodel.safetensors: 1.0 MB in 2.0 s (500.0 kB/s)"), text);
        assertTrue(text.endsWith(System.lineSeparator()), "the last line is ended");
        assertEquals(1, text.split(System.lineSeparator()).length, "a single line");
    }

    @Test
    void inALogOnlyTheFirstAndLastLinesAppear() {
        ProgressBar bar = new ProgressBar(out::println, "model.safetensors", 4_000_000, 3_000_000, clock::get);
        for (int i = 0; i < 10; i++) {
            clock.addAndGet(100_000_000L);
            bar.advance(100_000);
        }
        bar.finish();

        String text = output();
        assertFalse(text.contains("\r"), text);
        assertEquals("Downloading model.safetensors (4.0 MB, resuming after 3.0 MB)" + System.lineSeparator()
                + "model.safetensors: 4.0 MB in 1.0 s (1.0 MB/s)" + System.lineSeparator(), text);
    }

    @Test
    void sizesUseDecimalUnits() {
        assertEquals("999 B", ProgressBar.bytes(999));
        assertEquals("902.1 kB", ProgressBar.bytes(902_080));
        assertEquals("6.4 GB", ProgressBar.bytes(6_431_829_964L));
    }

    private String output() {
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
