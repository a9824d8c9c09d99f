package dev.visibility.page.browser;

import dev.visibility.influence.Direction;
import dev.visibility.influence.InfluenceMatrix;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Keys;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The explorer of the built example blog, served by a static server and driven in Chromium. */
@ExtendWith(SharedBrowser.class)
class ExplorerBrowserIT {
    private static BuiltSite.Figure block;
    private static InfluenceMatrix matrix;
    private static StaticServer server;

    @BeforeAll
    static void start() throws IOException {
        block = BuiltSite.first("explorer");
        matrix = block.data().matrix();
        server = new StaticServer(BuiltSite.ROOT, "/");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static FigureDriver open(Browser browser) {
        browser.driver().get(server.url(block.page()));
        return FigureDriver.nth(browser.driver(), block.index());
    }

    private static int[] home(FigureDriver figure) {
        return new int[] {Integer.parseInt(figure.attribute("data-layer")), Integer.parseInt(figure.attribute("data-position"))};
    }

    @Test
    void rendersTheBlocksFirstState(Browser browser) {
        FigureDriver figure = open(browser);
        int[] home = home(figure);
        Heatmaps.assertShows(figure, matrix, Direction.parse(figure.attribute("data-direction")), home[0], home[1]);
        assertEquals(matrix.positions(), figure.tickLabels().size(), "one label per token");
        assertTrue(figure.status().startsWith("Layer " + home[0] + ", position " + home[1] + ": “"), figure.status());
        browser.screenshot("explorer", figure.element());
    }

    @Test
    void hoverShowsExactlyTheHoveredStatesHeatmap(Browser browser) {
        FigureDriver figure = open(browser);
        Direction direction = Direction.parse(figure.attribute("data-direction"));
        int top = matrix.layers() - 1;
        int last = matrix.positions() - 1;
        figure.hover(top, last);
        Heatmaps.assertShows(figure, matrix, direction, top, last);
        figure.hover(1, last / 2);
        int[] strongest = Heatmaps.strongest(matrix, direction, 1, last / 2);
        assertEquals("#d0d0d0", figure.cellColor(1, last / 2), "the hovered state's own cell is greyed at once");
        assertEquals("#081d58", figure.cellColor(strongest[0], strongest[1]), "its strongest cell is darkest");
        Heatmaps.assertShows(figure, matrix, direction, 1, last / 2);
        browser.screenshot("explorer-hover", figure.element());
        figure.leave();
        int[] home = home(figure);
        Heatmaps.assertShows(figure, matrix, direction, home[0], home[1]);
    }

    @Test
    void aClickPinsAndTheArrowKeysMove(Browser browser) {
        FigureDriver figure = open(browser);
        Direction direction = Direction.parse(figure.attribute("data-direction"));
        figure.click(1, 2);
        Heatmaps.assertShows(figure, matrix, direction, 1, 2);
        assertTrue(figure.pinned());
        figure.hover(3, 4);
        String tooltip = figure.tooltip();
        assertTrue(tooltip.startsWith("Layer 3, position 4\n"), "the pinned heatmap's values show on hover: " + tooltip);
        figure.leave();
        assertEquals("1,2", figure.selected(), "a pinned state stays when the mouse moves away");

        figure.press(Keys.ARROW_UP);
        Heatmaps.assertShows(figure, matrix, direction, 2, 2);
        figure.press(Keys.ARROW_RIGHT);
        figure.press(Keys.ARROW_RIGHT);
        figure.press(Keys.ARROW_DOWN);
        Heatmaps.assertShows(figure, matrix, direction, 1, 4);
        assertTrue(figure.status().endsWith("(pinned)"), figure.status());
        browser.screenshot("explorer-pinned", figure.element());
        figure.pressEscape();
        assertFalse(figure.pinned());
        figure.click(2, 0);
        figure.click(2, 0);
        assertFalse(figure.pinned(), "a click on the pinned state unpins it");
    }

    @Test
    void aTapPinsTheTappedState(Browser browser) {
        FigureDriver figure = open(browser);
        figure.tap(2, 3);
        Heatmaps.assertShows(figure, matrix, Direction.parse(figure.attribute("data-direction")), 2, 3);
        assertTrue(figure.pinned(), "a tap pins, since a finger cannot hover");
    }

    @Test
    void theDirectionAndScaleControlsSwitchTheHeatmap(Browser browser) {
        FigureDriver figure = open(browser);
        int[] home = home(figure);
        figure.choose("Sees");
        Heatmaps.assertShows(figure, matrix, Direction.SEES, home[0], home[1]);
        assertEquals("sees", figure.attribute("data-direction"));
        figure.choose("Influences");
        Heatmaps.assertShows(figure, matrix, Direction.INFLUENCES, home[0], home[1]);
        float influences = Heatmaps.max(matrix, Direction.INFLUENCES, home[0], home[1]);
        assertEquals(influences, figure.zmax(), 1e-6 * influences, "each heatmap's own range");
        figure.choose("All states");
        assertEquals(Heatmaps.max(matrix), figure.zmax(), 1e-6 * Heatmaps.max(matrix));
        figure.choose("Both");
        Heatmaps.assertShows(figure, matrix, Direction.BOTH, home[0], home[1]);
        assertEquals(Heatmaps.max(matrix), figure.zmax(), 1e-6 * Heatmaps.max(matrix), "the shared scale stays");
        figure.choose("This state");
        float both = Heatmaps.max(matrix, Direction.BOTH, home[0], home[1]);
        assertEquals(both, figure.zmax(), 1e-6 * both);
    }

    @Test
    void worksUnderASubPath(Browser browser) throws IOException {
        try (StaticServer nested = new StaticServer(BuiltSite.ROOT, "/deep/sub/path/")) {
            browser.driver().get(nested.url(block.page()));
            FigureDriver figure = FigureDriver.nth(browser.driver(), block.index());
            figure.hover(2, 3);
            Heatmaps.assertShows(figure, matrix, Direction.parse(figure.attribute("data-direction")), 2, 3);
            assertEquals(List.of(), nested.missing(), "every URL of the page resolves under the sub-path");
        }
    }
}
