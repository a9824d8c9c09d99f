package dev.visibility.page.browser;

import dev.visibility.influence.Direction;
import dev.visibility.influence.InfluenceMatrix;
import dev.visibility.model.TokenizedText;
import dev.visibility.page.BlockOptions;
import dev.visibility.page.DataFile;
import dev.visibility.page.Placeholder;
import dev.visibility.page.View;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Token text is data: markup in tokens and captions shows literally and runs nothing, and pages load nothing
 * from other hosts. The hostile page reuses a data file of the built blog with its tokens replaced.
 */
@ExtendWith(SharedBrowser.class)
class SafetyBrowserIT {
    private static final List<String> HOSTILE = List.of("<img src=x onerror=alert(1)>", "</script>", "<b>bold</b>",
            "&lt;", "<script>document.title='owned'</script>", " plain");
    private static StaticServer server;
    private static List<String> tokens;

    @BeforeAll
    static void start() throws IOException {
        InfluenceMatrix matrix = BuiltSite.first("explorer").data().matrix();
        tokens = new ArrayList<>();
        for (int i = 0; i < matrix.positions(); i++) {
            tokens.add(HOSTILE.get(i % HOSTILE.size()));
        }
        TokenizedText text = new TokenizedText(new long[tokens.size()], tokens);
        BlockOptions options = new BlockOptions(View.EXPLORER, 1, 1, Direction.BOTH, "<img src=x onerror=alert(2)> caption");
        byte[] dataFile = DataFile.encode(text, matrix, null);
        BuiltSite.writePage("hostile", Placeholder.html("visibility/hostile.json", options, text, matrix, null)
                + Placeholder.inlineHtml(dataFile, options, text, matrix, null));
        Files.write(BuiltSite.extraPages().resolve("visibility/hostile.json"), dataFile);
        server = new StaticServer(BuiltSite.extraPages(), "/");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void markupInTokensShowsLiterallyAndRunsNothing(Browser browser) {
        browser.driver().get(server.url("hostile.html"));
        for (int index = 0; index < 2; index++) {
            FigureDriver figure = FigureDriver.nth(browser.driver(), index);
            List<String> labels = figure.tickLabels();
            for (int p = 0; p < tokens.size(); p++) {
                assertEquals(Heatmaps.tickLabel(tokens.get(p)), labels.get(p), "tick label " + p);
            }
            figure.click(2, 0);
            figure.hover(1, 0);
            assertTrue(figure.tooltip().contains("“<img src=x onerror=alert(1)>”"), figure.tooltip());
            assertEquals("Layer 2, position 0: “<img src=x onerror=alert(1)>” (pinned)", figure.status());
            assertEquals("<img src=x onerror=alert(2)> caption", figure.element().findElement(By.tagName("figcaption")).getText());
            browser.screenshot("hostile-tokens-" + index, figure.element());
        }
        assertThrows(NoAlertPresentException.class, () -> browser.driver().switchTo().alert());
        assertEquals("hostile", browser.driver().getTitle());
        assertEquals(0L, browser.script(
                "return document.querySelectorAll('figure img, figure script:not(.visibility-data)').length;"));
    }

    @Test
    void pagesOfTheBlogLoadNothingFromOtherHosts(Browser browser) throws IOException {
        try (StaticServer blog = new StaticServer(BuiltSite.ROOT, "/")) {
            for (String page : BuiltSite.figures().stream().map(BuiltSite.Figure::page).distinct().toList()) {
                browser.driver().get(blog.url(page));
                long figures = (Long) browser.script("return document.querySelectorAll('figure.visibility').length;");
                for (int index = 0; index < figures; index++) {
                    FigureDriver.nth(browser.driver(), index);
                }
                @SuppressWarnings("unchecked")
                List<String> loaded = (List<String>) browser.script(
                        "return performance.getEntriesByType('resource').map(e => e.name);");
                String origin = blog.url("");
                loaded.forEach(url -> assertTrue(url.startsWith(origin), page + " loaded " + url));
                assertEquals(List.of(), blog.missingBesidesFavicon(), page + " asked for files that the site lacks");
            }
        }
    }
}
