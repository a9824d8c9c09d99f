package dev.visibility.page.browser;

import dev.visibility.influence.InfluenceMatrix;
import dev.visibility.page.Direction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A figure made by {@code export} and pasted into a plain HTML page, served from loopback like any static host:
 * it renders, hover switches states, the page loads nothing from other hosts, and hostile text stays inert.
 */
class ExportBrowserTest {
    private static final String CAPTION = "<img src=x onerror=alert(2)> caption";
    private static ExportedPage exported;
    private static StaticServer server;
    private static Browser browser;

    @BeforeAll
    static void start() throws IOException {
        exported = ExportedPage.export("hostile", "Exported",
                "--text", "<|endoftext|></script><img src=x onerror=alert(1)>",
                "--caption", CAPTION, "--layer", "2", "--position", "5");
        server = new StaticServer(exported.folder(), "/blog/post/");
        browser = Browser.start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static FigureDriver open() {
        browser.driver().get(server.url(exported.page()));
        return FigureDriver.nth(browser.driver(), 0);
    }

    @Test
    void rendersAndHoverSwitchesStates() {
        FigureDriver figure = open();
        InfluenceMatrix matrix = exported.data().matrix();
        Heatmaps.assertShows(figure, matrix, Direction.BOTH, 2, 5);
        int last = matrix.positions() - 1;
        figure.hover(matrix.layers() - 1, last);
        Heatmaps.assertShows(figure, matrix, Direction.BOTH, matrix.layers() - 1, last);
        figure.hover(1, 3);
        Heatmaps.assertShows(figure, matrix, Direction.BOTH, 1, 3);
        browser.screenshot("exported", figure.element());
    }

    @Test
    void loadsNothingFromOtherHosts() {
        FigureDriver figure = open();
        figure.hover(1, 1);
        @SuppressWarnings("unchecked")
        List<String> loaded = (List<String>) script("return performance.getEntriesByType('resource').map(e => e.name);");
        assertTrue(loaded.size() >= 4, "Plotly, script, style and data: " + loaded);
        loaded.forEach(url -> assertTrue(url.startsWith(server.url("")), "loaded " + url));
        assertEquals(List.of(), server.missing().stream().filter(path -> !path.endsWith("/favicon.ico")).toList());
    }

    @Test
    void hostileTextStaysInert() {
        FigureDriver figure = open();
        List<String> tokens = exported.data().tokens();
        assertTrue(String.join("", tokens).contains("</script>"), "the text reaches the page as tokens: " + tokens);
        List<String> labels = figure.tickLabels();
        for (int p = 0; p < tokens.size(); p++) {
            String token = tokens.get(p);
            assertEquals(token.length() > 12 ? token.substring(0, 11) + "…" : token, labels.get(p), "tick label " + p);
        }
        figure.click(2, 1);
        figure.hover(1, 1);
        assertTrue(figure.tooltip().contains("“" + tokens.get(1) + "”"), figure.tooltip());
        assertEquals(CAPTION, figure.element().findElement(By.tagName("figcaption")).getText());
        assertThrows(NoAlertPresentException.class, () -> browser.driver().switchTo().alert());
        assertEquals("Exported", browser.driver().getTitle());
        assertEquals(0L, script("return document.querySelectorAll('figure img, figure script').length;"));
    }

    private static Object script(String body) {
        return ((JavascriptExecutor) browser.driver()).executeScript(body);
    }
}
