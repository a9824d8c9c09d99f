package dev.visibility.page.browser;

import dev.visibility.influence.Direction;
import dev.visibility.page.DataFileReader;
import dev.visibility.page.Placeholder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What readers who do not see the figure or use no mouse get: axe-core's default rules find nothing on any kind
 * of page, a screen reader hears the shown state described as the no-script fallback describes it, and the
 * keyboard alone reaches every control and every state.
 */
@ExtendWith(SharedBrowser.class)
class AccessibilityIT {
    /** The explorer's controls in the order of the page, as Tab reaches them; "plot" is the heatmap itself. */
    private static final List<String> EXPLORER_STOPS =
            List.of("Sees", "Influences", "Both", "This state", "All states", "PNG", "SVG", "plot");
    private static StaticServer server;

    @BeforeAll
    static void start() throws IOException {
        server = new StaticServer(BuiltSite.ROOT, "/");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Opens {@code url} and waits until the script has drawn every figure of the page. */
    private static List<FigureDriver> open(Browser browser, String url) {
        browser.driver().get(url);
        return FigureDriver.all(browser.driver());
    }

    @Test
    void theExplorersPageHasNoViolations(Browser browser) {
        String page = BuiltSite.first("explorer").page();
        open(browser, server.url(page));
        Axe.assertNoViolations(browser, page);
    }

    @Test
    void theHeatmapsPageHasNoViolations(Browser browser) {
        String page = BuiltSite.first("heatmap").page();
        open(browser, server.url(page));
        Axe.assertNoViolations(browser, page);
    }

    @Test
    void theCorpusPageHasNoViolations(Browser browser) {
        String page = BuiltSite.firstCorpus().page();
        open(browser, server.url(page));
        Axe.assertNoViolations(browser, page);
    }

    @Test
    void anExportedPageHasNoViolations(Browser browser) throws IOException {
        ExportedPage exported = ExportedPage.export("accessible", "Exported", "--text",
                "<|endoftext|>A figure on a page that JBake did not build.", "--caption", "An exported figure");
        try (StaticServer exportServer = new StaticServer(exported.folder(), "/")) {
            FigureDriver figure = open(browser, exportServer.url(exported.page())).get(0);
            Axe.assertNoViolations(browser, "the exported page");
            DataFileReader.Contents data = exported.data();
            assertEquals(Placeholder.description(data.matrix(), Integer.parseInt(figure.attribute("data-layer")),
                    Integer.parseInt(figure.attribute("data-position")), Direction.BOTH, data.tokens(), null),
                    figure.description());
        }
    }

    /** The blog around the figures too: its index, archive, tags and posts without figures. */
    @Test
    void everyPageOfTheBlogHasNoViolations(Browser browser) {
        List<String> pages = BuiltSite.pages();
        assertTrue(pages.size() > 5, "the blog's pages: " + pages);
        StringBuilder violations = new StringBuilder();
        for (String page : pages) {
            open(browser, server.url(page));
            violations.append(Axe.violations(browser, page));
        }
        assertEquals("", violations.toString());
    }

    /** Each figure's hidden text says, of its first state, what the build wrote into its {@code <noscript>}. */
    @Test
    void eachFigureDescribesItsStateAsTheFallbackDoes(Browser browser) {
        for (String page : List.of(BuiltSite.first("explorer").page(), BuiltSite.first("heatmap").page(),
                BuiltSite.firstCorpus().page())) {
            List<BuiltSite.Figure> blocks = BuiltSite.figures().stream().filter(f -> f.page().equals(page)).toList();
            List<FigureDriver> figures = open(browser, server.url(page));
            assertEquals(blocks.size(), figures.size(), page);
            for (int i = 0; i < figures.size(); i++) {
                FigureDriver figure = figures.get(i);
                assertEquals(describe(blocks.get(i).data(), figure, Integer.parseInt(figure.attribute("data-layer")),
                        Integer.parseInt(figure.attribute("data-position"))), figure.description(), page + " #" + i);
            }
        }
    }

    /** What {@link Placeholder#description} says of the state {@code (layer, position)} in the figure's direction. */
    private static String describe(DataFileReader.Contents data, FigureDriver figure, int layer, int position) {
        Direction direction = Direction.parse(figure.attribute("data-direction"));
        return Placeholder.description(data.matrix(), layer, position, direction, data.tokens(), data.corpus());
    }

    /**
     * From the top of the page, Tab alone reaches the explorer's buttons in order and then the heatmap, which says
     * what it is and shows that it has the focus.
     */
    @Test
    void tabReachesEveryControlOfTheExplorer(Browser browser) {
        BuiltSite.Figure block = BuiltSite.first("explorer");
        FigureDriver figure = open(browser, server.url(block.page())).get(block.index());
        WebElement plot = figure.element().findElement(By.className("visibility-plot"));
        List<String> stops = tabUntil(browser, figure, plot);
        assertEquals(EXPLORER_STOPS, stops, "what Tab reaches in the explorer");
        assertEquals("application", plot.getDomAttribute("role"));
        String label = plot.getDomAttribute("aria-label");
        assertTrue(label.startsWith("Heatmap explorer"), label);
        assertEquals(figure.element().findElement(By.className("visibility-description")).getDomAttribute("id"),
                plot.getDomAttribute("aria-describedby"), "the plot is described by the state's text");
        assertEquals("solid", plot.getCssValue("outline-style"), "the focused heatmap is outlined");
    }

    /**
     * Presses Tab, from the top of the page, until {@code target} has the focus; returns what it reached in the
     * figure on the way, {@code target} included: a button by its text, the heatmap as "plot".
     */
    private static List<String> tabUntil(Browser browser, FigureDriver figure, WebElement target) {
        browser.script("document.activeElement.blur(); window.scrollTo(0, 0);");
        List<String> stops = new ArrayList<>();
        for (int presses = 0; presses < 200; presses++) {
            figure.press(Keys.TAB);
            WebElement focused = browser.driver().switchTo().activeElement();
            if (Boolean.TRUE.equals(browser.script("return arguments[0].contains(arguments[1]);", figure.element(),
                    focused))) {
                stops.add(focused.getDomAttribute("class").contains("visibility-plot") ? "plot" : focused.getText());
            }
            if (focused.equals(target)) {
                return stops;
            }
        }
        throw new AssertionError("Tab never reached " + target + "; in the figure it reached " + stops);
    }

    /**
     * With the heatmap focused, the arrows step through the states, Home and End jump to the first and last
     * position, and Esc unpins; the hidden text follows each state, in the fallback's words.
     */
    @Test
    void theKeysReachEveryStateAndTheTextFollows(Browser browser) {
        BuiltSite.Figure block = BuiltSite.first("explorer");
        DataFileReader.Contents data = block.data();
        int layers = data.matrix().layers();
        int last = data.matrix().positions() - 1;
        FigureDriver figure = open(browser, server.url(block.page())).get(block.index());
        tabUntil(browser, figure, figure.element().findElement(By.className("visibility-plot")));
        int layer = Integer.parseInt(figure.attribute("data-layer"));

        figure.press(Keys.HOME);
        assertState(figure, data, layer, 0);
        assertTrue(figure.pinned(), "a key pins the state it moves to");
        figure.press(Keys.ARROW_LEFT);
        assertState(figure, data, layer, 0);
        figure.press(Keys.END);
        assertState(figure, data, layer, last);
        figure.press(Keys.ARROW_RIGHT);
        assertState(figure, data, layer, last);
        for (int l = layer; l < layers - 1; l++) {
            figure.press(Keys.ARROW_UP);
        }
        figure.press(Keys.ARROW_UP);
        assertState(figure, data, layers - 1, last);
        for (int l = layers - 1; l > 0; l--) {
            figure.press(Keys.ARROW_DOWN);
        }
        figure.press(Keys.ARROW_DOWN);
        assertState(figure, data, 0, last);
        figure.press(Keys.ARROW_LEFT);
        assertState(figure, data, 0, last - 1);
        figure.press(Keys.HOME);
        assertState(figure, data, 0, 0);
        assertTrue(figure.status().endsWith("(pinned)"), figure.status());
        figure.pressEscape();
        assertFalse(figure.pinned(), "Esc unpins");
        Axe.assertNoViolations(browser, "the explorer moved by keys");
    }

    private static void assertState(FigureDriver figure, DataFileReader.Contents data, int layer, int position) {
        figure.awaitSelected(layer, position);
        assertEquals(describe(data, figure, layer, position), figure.description());
    }

    /** Space and Enter press the buttons: the direction and scale switch, and Download saves, all by keyboard. */
    @Test
    void theButtonsWorkByKeyboard(Browser browser) {
        BuiltSite.Figure block = BuiltSite.first("explorer");
        DataFileReader.Contents data = block.data();
        FigureDriver figure = open(browser, server.url(block.page())).get(block.index());
        int layer = Integer.parseInt(figure.attribute("data-layer"));
        int position = Integer.parseInt(figure.attribute("data-position"));
        WebElement sees = button(figure, "Sees");
        tabUntil(browser, figure, sees);
        figure.press(Keys.SPACE);
        assertEquals("sees", figure.attribute("data-direction"));
        assertState(figure, data, layer, position);
        assertEquals("true", sees.getDomAttribute("aria-pressed"));

        tabUntil(browser, figure, button(figure, "All states"));
        figure.press(Keys.ENTER);
        assertEquals("shared", figure.attribute("data-scale"));

        tabUntil(browser, figure, button(figure, "SVG"));
        figure.press(Keys.ENTER);
        browser.awaitDownload("visibility-layer" + layer + "-position" + position + "-sees.svg");
        Axe.assertNoViolations(browser, "the explorer switched by keys");
    }

    /** A heatmap without controls but Download: Tab reaches both of its buttons. */
    @Test
    void tabReachesTheHeatmapsDownloadButtons(Browser browser) {
        BuiltSite.Figure block = BuiltSite.first("heatmap");
        FigureDriver figure = open(browser, server.url(block.page())).get(block.index());
        assertEquals(List.of("PNG", "SVG"), tabUntil(browser, figure, button(figure, "SVG")));
        assertEquals(null, figure.element().findElement(By.className("visibility-plot")).getDomAttribute("tabindex"),
                "a heatmap that does not change takes no focus");
    }

    private static WebElement button(FigureDriver figure, String label) {
        return figure.element().findElements(By.className("visibility-toggle")).stream()
                .filter(button -> button.getText().equals(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no button " + label));
    }
}
