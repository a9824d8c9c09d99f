package dev.visibility.page;

import dev.visibility.influence.Direction;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BlockOptionsTest {
    @Test
    void aNullCaptionBecomesEmpty() {
        assertEquals("", new BlockOptions(View.HEATMAP, 1, 2, Direction.INFLUENCES, null).caption());
    }

    @Test
    void rejectsANegativeState() {
        assertThrows(IllegalArgumentException.class, () -> new BlockOptions(View.EXPLORER, -1, 0, Direction.BOTH, ""));
        assertThrows(IllegalArgumentException.class, () -> new BlockOptions(View.EXPLORER, 0, -1, Direction.BOTH, ""));
    }
}
