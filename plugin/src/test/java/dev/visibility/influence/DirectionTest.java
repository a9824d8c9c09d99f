package dev.visibility.influence;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DirectionTest {
    @Test
    void parsesNamesIgnoringCaseAndSpaces() {
        assertEquals(Direction.INFLUENCES, Direction.parse(" INFLUENCES"));
        assertEquals("sees", Direction.SEES.id());
    }

    @Test
    void explainsAnUnknownDirection() {
        assertEquals("unknown direction 'up': use sees, influences or both",
                assertThrows(IllegalArgumentException.class, () -> Direction.parse("up")).getMessage());
    }

    @Test
    void readsTheRowTheColumnOrBothOfG() {
        // Two layers, two positions: G[1,1,0,0] = 3 is what h[1,1] sees and what h[0,0] influences.
        float[] values = new float[InfluenceMatrix.cells(2, 2)];
        values[InfluenceMatrix.index(2, 2, 1, 1, 0, 0)] = 3;
        InfluenceMatrix g = new InfluenceMatrix(2, 2, values);
        assertEquals(3, Direction.SEES.value(g, 1, 1, 0, 0));
        assertEquals(0, Direction.INFLUENCES.value(g, 1, 1, 0, 0));
        assertEquals(3, Direction.INFLUENCES.value(g, 0, 0, 1, 1));
        assertEquals(3, Direction.BOTH.value(g, 0, 0, 1, 1));
    }
}
