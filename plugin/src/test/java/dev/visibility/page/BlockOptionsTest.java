package dev.visibility.page;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BlockOptionsTest {
    @Test
    void normalisesNamesAndANullCaption() {
        BlockOptions options = new BlockOptions(" Heatmap ", 1, 2, "INFLUENCES", null);
        assertEquals("heatmap", options.view());
        assertEquals(Direction.INFLUENCES, options.directionValue());
        assertEquals("", options.caption());
    }

    @Test
    void explainsBadValues() {
        assertEquals("unknown view 'table': use explorer or heatmap", assertThrows(IllegalArgumentException.class,
                () -> new BlockOptions("table", 0, 0, "both", "")).getMessage());
        assertEquals("unknown direction 'up': use sees, influences or both", assertThrows(IllegalArgumentException.class,
                () -> new BlockOptions("explorer", 0, 0, "up", "")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BlockOptions("explorer", -1, 0, "both", ""));
    }
}
