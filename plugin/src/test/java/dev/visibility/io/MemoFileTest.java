package dev.visibility.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MemoFileTest {
    private static final List<String> KEY = List.of("/models/tiny/model.safetensors", "1234", "2026-12-06T04:00:00Z");

    @TempDir
    Path temp;

    @Test
    void valuesAreRememberedForTheirKey() {
        memo(KEY).remember(List.of("abc", "def"));

        assertEquals(Optional.of(List.of("abc", "def")), memo(KEY).values(2));
        assertEquals(Optional.empty(), memo(List.of(KEY.get(0), "1235", KEY.get(2))).values(2), "another key");
        assertEquals(Optional.empty(), memo(KEY).values(1), "another number of values");
        assertEquals(Optional.empty(), new MemoFile(temp.resolve("memo"), "other", KEY).values(2), "another name");
    }

    @Test
    void aMemoOfTheSameNameIsReplaced() throws IOException {
        memo(KEY).remember(List.of("abc"));
        List<String> changed = List.of(KEY.get(0), "99", KEY.get(2));
        memo(changed).remember(List.of("xyz"));

        assertEquals(Optional.empty(), memo(KEY).values(1));
        assertEquals(Optional.of(List.of("xyz")), memo(changed).values(1));
        try (var files = Files.list(temp.resolve("memo"))) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void aMissingOrUndecodableMemoIsNone() throws IOException {
        assertEquals(Optional.empty(), memo(KEY).values(1));

        memo(KEY).remember(List.of("abc"));
        try (var files = Files.list(temp.resolve("memo"))) {
            Files.write(files.findFirst().orElseThrow(), new byte[]{(byte) 0xff, (byte) 0xfe, 0, '\n'});
        }
        assertEquals(Optional.empty(), memo(KEY).values(1));
    }

    @Test
    void aMemoThatCannotBeWrittenIsLeftOut() throws IOException {
        Files.writeString(temp.resolve("memo"), "a file where the folder would go");

        memo(KEY).remember(List.of("abc"));

        assertEquals(Optional.empty(), memo(KEY).values(1));
        assertEquals("a file where the folder would go", Files.readString(temp.resolve("memo")));
    }

    private MemoFile memo(List<String> key) {
        return new MemoFile(temp.resolve("memo"), key.get(0), key);
    }
}
