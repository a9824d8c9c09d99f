package dev.visibility.pipeline;

import dev.visibility.Folders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EngineSpeedMemoTest {
    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    private static final EngineSpeed FIRST = new EngineSpeed(150.5, 1.03e-9, 9.75e-5);
    private static final EngineSpeed SECOND = new EngineSpeed(90.25, 2e-9, 2e-4);

    @TempDir
    Path temp;

    private final AtomicInteger measured = new AtomicInteger();

    @Test
    void aSpeedIsMeasuredOnceAndRememberedWithinADay() {
        assertEquals(FIRST, memoAt(NOW).speed(2, measuring(FIRST)));
        assertEquals(FIRST, memoAt(NOW.plus(Duration.ofHours(23))).speed(2, measuring(SECOND)));
        assertEquals(1, measured.get());
    }

    @Test
    void aDayOldMemoIsMeasuredAgainAndRewritten() {
        memoAt(NOW).speed(2, measuring(FIRST));
        assertEquals(SECOND, memoAt(NOW.plus(EngineSpeedMemo.MAX_AGE)).speed(2, measuring(SECOND)));
        assertEquals(SECOND, memoAt(NOW.plus(EngineSpeedMemo.MAX_AGE).plusSeconds(60)).speed(2, measuring(FIRST)));
        assertEquals(2, measured.get());
    }

    @Test
    void aMemoFromTheFutureIsNotTrusted() {
        memoAt(NOW).speed(2, measuring(FIRST));
        assertEquals(SECOND, memoAt(NOW.minusSeconds(1)).speed(2, measuring(SECOND)));
    }

    @Test
    void anotherThreadCountIsMeasuredForItself() {
        memoAt(NOW).speed(2, measuring(FIRST));
        assertEquals(SECOND, memoAt(NOW).speed(1, measuring(SECOND)));
        assertEquals(FIRST, memoAt(NOW).speed(2, measuring(SECOND)));
        assertEquals(2, Folders.list(temp.resolve("memo")).size());
    }

    @Test
    void aDamagedMemoIsMeasuredAgain() throws IOException {
        memoAt(NOW).speed(2, measuring(FIRST));
        Path memo = Folders.onlyFile(temp.resolve("memo"));
        String written = Files.readString(memo, StandardCharsets.UTF_8);
        for (String damaged : new String[]{"", written.substring(0, written.length() / 2),
                written.replace("150.5", "NaN"), written.replace("150.5", "-1"), written.replace("150.5", "fast"),
                written.replace("2026-12-05", "yesterday"), written + "1.0\n", "\u0000\u00ff"}) {
            Files.writeString(memo, damaged, StandardCharsets.ISO_8859_1);
            assertEquals(SECOND, memoAt(NOW).speed(2, measuring(SECOND)), damaged);
            assertEquals(SECOND, memoAt(NOW).speed(2, measuring(FIRST)), "rewritten after " + damaged);
        }
    }

    @Test
    void aMemoThatCannotBeWrittenStillGivesTheMeasuredSpeed() throws IOException {
        Path file = Files.writeString(temp.resolve("memo"), "a file where the folder would go");
        assertEquals(FIRST, memoAt(NOW).speed(2, measuring(FIRST)));
        assertEquals(SECOND, memoAt(NOW).speed(2, measuring(SECOND)));
        assertEquals("a file where the folder would go", Files.readString(file));
    }

    private EngineSpeedMemo memoAt(Instant instant) {
        return new EngineSpeedMemo(temp.resolve("memo"), Clock.fixed(instant, ZoneOffset.UTC));
    }

    private Supplier<EngineSpeed> measuring(EngineSpeed speed) {
        return () -> {
            measured.incrementAndGet();
            return speed;
        };
    }
}
