package dev.visibility.page.browser;

import dev.visibility.influence.Direction;
import dev.visibility.page.CorpusSummary;
import dev.visibility.page.DataFileReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The corpus figure of the example blog: the mean over its samples, with each cell's spread in the tooltip. */
@ExtendWith(SharedBrowser.class)
class CorpusBrowserIT {
    private static BuiltSite.Figure block;
    private static DataFileReader.Contents data;
    private static StaticServer server;

    @BeforeAll
    static void start() throws IOException {
        block = BuiltSite.figures().stream().filter(figure -> figure.data().corpus() != null).findFirst()
                .orElseThrow(() -> new AssertionError("the built site has no corpus figure"));
        data = block.data();
        server = new StaticServer(BuiltSite.ROOT, "/");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void showsTheMeanWithItsSpreadLabelledByPosition(Browser browser) {
        browser.driver().get(server.url(block.page()));
        FigureDriver figure = FigureDriver.nth(browser.driver(), block.index());
        CorpusSummary corpus = data.corpus();
        int layer = Integer.parseInt(figure.attribute("data-layer"));
        int position = Integer.parseInt(figure.attribute("data-position"));
        Direction direction = Direction.parse(figure.attribute("data-direction"));

        Heatmaps.assertShows(figure, data.matrix(), direction, layer, position);
        assertEquals("Layer " + layer + ", position " + position + " · mean over " + corpus.samples() + " texts",
                figure.status());
        List<String> positions = IntStream.range(0, data.matrix().positions()).mapToObj(Integer::toString).toList();
        assertEquals(positions, figure.tickLabels(), "the samples differ in their tokens, so the axis shows positions");

        // Pinned, the state keeps its heatmap while the pointer rests on the cell below it at its own position,
        // which it sees; the tooltip gives the mean ± the standard deviation.
        figure.click(layer, position);
        figure.hover(0, position);
        String tooltip = figure.tooltip();
        assertTrue(tooltip.startsWith("Layer 0, position " + position + "\n"), tooltip);
        float sd = corpus.standardDeviation().get(layer, position, 0, position);
        assertTrue(tooltip.contains(" ± " + threeDigits(sd)), "mean ± sd of G[" + layer + "," + position + ",0,"
                + position + "], sd " + sd + ": " + tooltip);
        browser.screenshot("corpus-hover", figure.element());
    }

    /** As the page prints a spread: three significant digits, no trailing zeros. */
    private static String threeDigits(float value) {
        return new java.math.BigDecimal(value).round(new java.math.MathContext(3)).stripTrailingZeros()
                .toPlainString();
    }
}
