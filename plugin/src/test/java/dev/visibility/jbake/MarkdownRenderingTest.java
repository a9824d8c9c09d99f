package dev.visibility.jbake;

import org.jbake.app.configuration.JBakeConfiguration;
import org.jbake.parser.MarkdownEngine;
import org.jbake.parser.MarkupEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Apart from its blocks, a post renders exactly as JBake's own Markdown engine renders it. */
class MarkdownRenderingTest {
    private static final String[] MARKDOWN = {
            "# A title",
            "",
            "A paragraph with *emphasis*, a https://example.org link",
            "and a hard wrap.",
            "",
            "| a | b |",
            "|---|---|",
            "| 1 | 2 |",
            "",
            "Term",
            ":   Definition",
            "",
            "```java",
            "int x = 1;",
            "```",
    };

    @TempDir
    Path folder;
    private TestSite site;

    @BeforeEach
    void setUp() {
        site = new TestSite(folder).properties("markdown.extensions=HARDWRAPS,AUTOLINKS,FENCED_CODE_BLOCKS,DEFINITIONS,TABLES");
    }

    private String render(MarkupEngine engine, String path) {
        JBakeConfiguration config = site.configuration(report -> { });
        return engine.parse(config, site.source.resolve("content").resolve(path).toFile()).getBody();
    }

    @Test
    void withoutBlocksTheOutputIsJBakes() {
        site.post("plain.md", MARKDOWN);

        String plain = render(new MarkdownEngine(), "plain.md");

        assertEquals(plain, render(new VisibilityMarkdownEngine(), "plain.md"));
        assertNotEquals(plain, render(new MarkdownEngine(), "plain.md").replace("<table>", ""), "tables are on");
    }

    @Test
    void aroundBlocksTheOutputIsJBakes() {
        site.post("plain.md", MARKDOWN);
        String[] withBlock = new String[MARKDOWN.length + 4];
        System.arraycopy(MARKDOWN, 0, withBlock, 0, 9);
        System.arraycopy(new String[] {"```visibility", "text: Hi", "```", ""}, 0, withBlock, 9, 4);
        System.arraycopy(MARKDOWN, 9, withBlock, 13, MARKDOWN.length - 9);
        site.post("with-block.md", withBlock);

        String rendered = render(new VisibilityMarkdownEngine(), "with-block.md");

        assertEquals(render(new MarkdownEngine(), "plain.md"),
                rendered.replaceAll("(?s)<figure class=\"visibility\".*?</figure>\n?", ""));
    }
}
