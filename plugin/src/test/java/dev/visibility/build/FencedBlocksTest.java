package dev.visibility.build;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FencedBlocksTest {
    @Test
    void findsVisibilityBlocksWithTheirLines() throws DirectiveException {
        List<FencedBlock> blocks = FencedBlocks.find(List.of(
                "Intro",
                "```visibility",
                "text: Hello",
                "```",
                "",
                "~~~~ visibility ",
                "text: World",
                "~~~~~"));

        assertEquals(2, blocks.size());
        assertEquals(new FencedBlock(2, 4, List.of("text: Hello")), blocks.get(0));
        assertEquals(new FencedBlock(6, 8, List.of("text: World")), blocks.get(1));
        assertEquals(7, blocks.get(1).lineOf(0));
    }

    @Test
    void leavesExamplesInsideLongerFencesAlone() throws DirectiveException {
        List<FencedBlock> blocks = FencedBlocks.find(List.of(
                "````markdown",
                "```visibility",
                "text: only an example",
                "```",
                "````",
                "```visibility",
                "text: real",
                "```"));

        assertEquals(List.of(new FencedBlock(6, 8, List.of("text: real"))), blocks);
    }

    @Test
    void leavesOtherCodeBlocksAndIndentedFencesAlone() throws DirectiveException {
        assertTrue(FencedBlocks.find(List.of(
                "```java",
                "```visibility inside java? no: a fence with an info string does not close",
                "```",
                "    ```visibility",
                "    text: indented code",
                "    ```",
                "> ```visibility")).isEmpty());
    }

    @Test
    void aTildeFenceIsNotClosedByBackticks() throws DirectiveException {
        List<FencedBlock> blocks = FencedBlocks.find(List.of(
                "~~~",
                "```",
                "~~~",
                "```visibility",
                "text: x",
                "```"));

        assertEquals(1, blocks.size());
        assertEquals(4, blocks.get(0).openLine());
    }

    @Test
    void anUnclosedBlockIsAnErrorAtItsFence() {
        DirectiveException error = assertThrows(DirectiveException.class,
                () -> FencedBlocks.find(List.of("# Title", "", "```visibility", "text: Hello")));

        assertEquals(3, error.line());
        assertTrue(error.reason().contains("never closed"), error.reason());
    }
}
