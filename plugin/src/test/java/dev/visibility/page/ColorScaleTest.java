package dev.visibility.page;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ColorScaleTest {
    @Test
    void runsFromPaleYellowToDarkBlue() {
        assertEquals("#ffffd9", ColorScale.color(0));
        assertEquals("#41b6c4", ColorScale.color(0.5));
        assertEquals("#081d58", ColorScale.color(1));
        assertEquals("#081d58", ColorScale.color(7), "clamped");
    }

    @Test
    void interpolatesBetweenStops() {
        // Halfway between #ffffd9 and #edf8b1.
        assertEquals("#f6fcc5", ColorScale.color(1 / 16.0));
    }
}
