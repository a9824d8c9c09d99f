package dev.visibility.page;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ViewTest {
    @Test
    void parsesNamesIgnoringCaseAndSpaces() {
        assertEquals(View.HEATMAP, View.parse(" Heatmap "));
        assertEquals(View.EXPLORER, View.parse("explorer"));
        assertEquals("heatmap", View.HEATMAP.id());
    }

    @Test
    void explainsAnUnknownView() {
        assertEquals("unknown view 'table': use explorer or heatmap",
                assertThrows(IllegalArgumentException.class, () -> View.parse("table")).getMessage());
    }
}
