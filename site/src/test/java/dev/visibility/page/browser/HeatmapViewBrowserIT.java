package dev.visibility.page.browser;

import dev.visibility.influence.Direction;
import dev.visibility.influence.InfluenceMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A {@code view: heatmap} block of the built blog: one state, the same labels and tooltips, and no switching. */
@ExtendWith(SharedBrowser.class)
class HeatmapViewBrowserIT {
    @Test
    void showsItsStateAndStaysThere(Browser browser) throws IOException {
        BuiltSite.Figure block = BuiltSite.first("heatmap");
        InfluenceMatrix matrix = block.data().matrix();
        try (StaticServer server = new StaticServer(BuiltSite.ROOT, "/")) {
            browser.driver().get(server.url(block.page()));
            FigureDriver figure = FigureDriver.nth(browser.driver(), block.index());
            int layer = Integer.parseInt(figure.attribute("data-layer"));
            int position = Integer.parseInt(figure.attribute("data-position"));
            Direction direction = Direction.parse(figure.attribute("data-direction"));
            Heatmaps.assertShows(figure, matrix, direction, layer, position);
            assertEquals(List.of("PNG", "SVG"), figure.element().findElements(By.className("visibility-toggle")).stream()
                    .map(WebElement::getText).toList(), "no controls but Download");

            int other = layer == 0 ? 1 : 0;
            figure.click(other, 0);
            assertTrue(figure.tooltip().startsWith("Layer " + other + ", position 0\n"), figure.tooltip());
            Heatmaps.assertShows(figure, matrix, direction, layer, position);
            browser.screenshot("heatmap-view", figure.element());
        }
    }
}
