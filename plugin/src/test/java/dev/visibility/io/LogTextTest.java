package dev.visibility.io;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LogTextTest {
    @Test
    void controlCharactersAndSeparatorsAreEscaped() {
        assertEquals("\\u001b[31mred\\u001b[0m", LogText.escape("\u001b[31mred\u001b[0m"));
        assertEquals("a\\u2028b\\u2029c\\u0085d\\u000ae\\u0000", LogText.escape("a\u2028b\u2029c\u0085d\ne\0"));
    }

    @Test
    void ordinaryTextIsKept() {
        assertEquals("“Survival” 😀 tab-free", LogText.escape("“Survival” 😀 tab-free"));
    }

    @Test
    void anExcerptIsCutAndMarked() {
        assertEquals("abc…", LogText.excerpt("abcdef", 3));
        assertEquals("abc", LogText.excerpt("abc", 3));
    }
}
