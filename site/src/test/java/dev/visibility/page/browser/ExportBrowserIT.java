package dev.visibility.page.browser;

import dev.visibility.influence.Direction;
import dev.visibility.influence.InfluenceMatrix;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A figure made by {@code export} and pasted into a plain HTML page, served from loopback like any static host:
 * it renders, hover switches states, the page loads nothing from other hosts, and hostile text stays inert.
 */
@ExtendWith(SharedBrowser.class)
class ExportBrowserIT {
    private static final String CAPTION = "<img src=x onerror=alert(2)> caption";
    private static ExportedPage exported;
    private static StaticServer server;

    @BeforeAll
    static void start() throws IOException {
        exported = ExportedPage.export("hostile", "Exported",
                "--text", "<|endoftext|></script><img src=x onerror=alert(1)>",
                "--caption", CAPTION, "--layer", "2", "--position", "5");
        server = new StaticServer(exported.folder(), "/blog/post/");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static FigureDriver open(Browser browser) {
        browser.driver().get(server.url(exported.page()));
        return FigureDriver.nth(browser.driver(), 0);
    }

    @Test
    void rendersAndHoverSwitchesStates(Browser browser) {
        FigureDriver figure = open(browser);
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
    void loadsNothingFromOtherHosts(Browser browser) {
        FigureDriver figure = open(browser);
        figure.hover(1, 1);
        @SuppressWarnings("unchecked")
        List<String> loaded = (List<String>) browser.script(
                "return performance.getEntriesByType('resource').map(e => e.name);");
        assertTrue(loaded.size() >= 4, "Plotly, script, style and data: " + loaded);
        loaded.forEach(url -> assertTrue(url.startsWith(server.url("")), "loaded " + url));
        assertEquals(List.of(), server.missingBesidesFavicon());
    }

    @Test
    void hostileTextStaysInert(Browser browser) {
        FigureDriver figure = open(browser);
        List<String> tokens = exported.data().tokens();
        assertTrue(String.join("", tokens).contains("</script>"), "the text reaches the page as tokens: " + tokens);
        List<String> labels = figure.tickLabels();
        for (int p = 0; p < tokens.size(); p++) {
            String token = tokens.get(p);
            assertEquals(Heatmaps.tickLabel(token), labels.get(p), "tick label " + p);
        }
        figure.click(2, 1);
        figure.hover(1, 1);
        assertTrue(figure.tooltip().contains("“" + tokens.get(1) + "”"), figure.tooltip());
        // The caption, then what the numbers are of: the model (a local folder by its name only) and the convention.
        assertEquals(CAPTION + " tiny-gpt2, centered residual stream",
                figure.element().findElement(By.tagName("figcaption")).getText());
        assertThrows(NoAlertPresentException.class, () -> browser.driver().switchTo().alert());
        assertEquals("Exported", browser.driver().getTitle());
        assertEquals(0L, browser.script("return document.querySelectorAll('figure img, figure script').length;"));
    }

    @Test
    void downloadsTheShownHeatmapAsPngAndSvg(Browser browser) throws Exception {
        FigureDriver figure = open(browser);
        figure.click(3, 4);
        figure.choose("Sees");
        figure.choose("SVG");
        Path svgFile = browser.awaitDownload("visibility-layer3-position4-sees.svg");
        // Kept for a person to look at, like the screenshots.
        Files.copy(svgFile, browser.screenshot("downloading", figure.element()).resolveSibling("downloaded.svg"),
                StandardCopyOption.REPLACE_EXISTING);
        String svg = Files.readString(svgFile);
        assertTrue(svg.contains("cbfill"), "the colour bar is kept (Plotly draws it as rect.cbfill)");
        NodeList texts = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(svgFile.toFile()).getElementsByTagName("text");
        List<String> shown = IntStream.range(0, texts.getLength()).mapToObj(i -> texts.item(i).getTextContent()).toList();
        assertTrue(shown.contains("Layer 3, position 4 (“" + exported.data().tokens().get(4) + "”): sees"), shown.toString());
        assertTrue(shown.containsAll(figure.tickLabels()), "every token label, literally: " + shown);
        figure.choose("PNG");
        byte[] png = Files.readAllBytes(browser.awaitDownload("visibility-layer3-position4-sees.png"));
        assertEquals("\u0089PNG", new String(png, 0, 4, StandardCharsets.ISO_8859_1));
        int width = ByteBuffer.wrap(png, 16, 4).getInt();
        long plotWidth = (Long) browser.script("return Math.round(document.querySelector('.visibility-plot')"
                + ".getBoundingClientRect().width);");
        assertEquals(2 * plotWidth, width, "twice the figure's width, for sharp print");
    }
}
