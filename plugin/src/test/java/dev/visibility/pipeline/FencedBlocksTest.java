package dev.visibility.pipeline;

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

    @Test
    void blocksInsideRawHtmlAreLeftAlone() throws DirectiveException {
        List<FencedBlock> blocks = FencedBlocks.find(List.of(
                "<!-- a draft:",
                "```visibility",
                "text: commented out",
                "```",
                "-->",
                "<script>",
                "```visibility",
                "",
                "text: in a script",
                "```",
                "</script>",
                "<!-- one line --> ",
                "```visibility",
                "text: real",
                "```"));

        assertEquals(List.of(new FencedBlock(13, 15, List.of("text: real"))), blocks);
    }

    @Test
    void aFenceIndentedUpToThreeSpacesLosesThatIndentation() throws DirectiveException {
        List<FencedBlock> blocks = FencedBlocks.find(List.of(
                "   ```visibility",
                "   text: |",
                "     two lines",
                "     of text",
                "  layer: 1",
                "  ```"));

        assertEquals(List.of(new FencedBlock(1, 6, List.of("text: |", "  two lines", "  of text", "layer: 1"), "   ")),
                blocks);
    }

    @Test
    void aFenceInAListItemBelongsToTheItem() throws DirectiveException {
        List<FencedBlock> blocks = FencedBlocks.find(List.of(
                "- ```visibility",
                "  text: on the marker line",
                "  ```",
                "1. a numbered item",
                "",
                "    ```visibility",
                "    text: indented to the item",
                "    ```",
                "",
                "    ```visibility",
                "    text: indented code after the list ended? no: still in the item",
                "    ```"));

        assertEquals(3, blocks.size(), blocks.toString());
        assertEquals(new FencedBlock(1, 3, List.of("text: on the marker line"), "- "), blocks.get(0));
        assertEquals(new FencedBlock(6, 8, List.of("text: indented to the item"), "    "), blocks.get(1));
    }

    @Test
    void afterTheListEndsAnIndentedFenceIsCodeAgain() throws DirectiveException {
        assertTrue(FencedBlocks.find(List.of(
                "- item",
                "",
                "Back at the page.",
                "",
                "    ```visibility",
                "    text: indented code",
                "    ```")).isEmpty());
    }
}
