package dev.visibility.jbake;

import dev.visibility.Folders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Posts and output folders that are unusual but legal, or careless: each bakes, or fails at its line. */
class HostileContentIT {
    @TempDir
    Path folder;

    @Test
    void blocksInHtmlCommentsAndScriptsAreLeftAsTheyAre() {
        TestSite site = new TestSite(folder).post("blog/draft.md",
                "<!-- not yet:",
                "```visibility",
                "text: a draft",
                "```",
                "-->",
                "<script type=\"text/plain\">",
                "```visibility",
                "text: in a script",
                "```",
                "</script>",
                "",
                "```visibility",
                "text: published",
                "```");

        assertEquals(1, site.bake().figures());
        String page = site.read("blog/draft.html");
        assertEquals(1, TestSite.dataSources(page).size(), page);
        assertTrue(page.contains("text: a draft") && page.contains("text: in a script"), page);
    }

    @Test
    void indentedAndListItemFencesBecomeFiguresInPlace() {
        TestSite site = new TestSite(folder).post("blog/list.md",
                "  ```visibility",
                "  text: indented two spaces",
                "  ```",
                "",
                "- ```visibility",
                "  text: on a list item's first line",
                "  ```",
                "- a second item",
                "",
                "    ```visibility",
                "    text: in the second item",
                "    layer: 1",
                "    ```");

        assertEquals(3, site.bake().figures());
        String page = site.read("blog/list.html");
        assertEquals(3, TestSite.dataSources(page).size(), page);
        assertFalse(page.contains("visibilityblock"), "every stand-in was replaced: " + page);
        assertTrue(page.indexOf("<li>") < page.indexOf("<figure", page.indexOf("<li>")), page);
        assertTrue(page.lastIndexOf("<figure") < page.lastIndexOf("</li>"), "the last figure is in its item: " + page);
    }

    @Test
    void escapeSequencesFromAPostAreShownEscapedInTheError() {
        TestSite site = new TestSite(folder).post("blog/ansi.md", "```visibility", "text: Hi", "oops\u001b[2Jcleared",
                "```");

        VisibilityBuildException error = assertThrows(VisibilityBuildException.class, site::bake);

        assertEquals("content/blog/ansi.md:" + (TestSite.FIRST_BODY_LINE + 2) + ": expected an option as `key: value`"
                + " (for example `layer: 5`), found 'oops\\u001b[2Jcleared'", error.getMessage());
    }

    @Test
    void aDamagedDataFileInTheOutputIsWrittenAgain() throws Exception {
        TestSite site = new TestSite(folder).post("blog/one.md", "```visibility", "text: Hi there", "```");
        site.bake();
        Path data = Folders.onlyFile(site.output.resolve("visibility/data"));
        byte[] good = Files.readAllBytes(data);
        Files.writeString(data, "{\"damaged\": true}");

        site.bake();

        assertEquals(List.of(good.length), List.of(Files.readAllBytes(data).length));
        assertTrue(java.util.Arrays.equals(good, Files.readAllBytes(data)), "the file holds its content again");
    }
}
