package dev.visibility.page.browser;

import dev.visibility.influence.Direction;
import dev.visibility.influence.InfluenceMatrix;
import dev.visibility.model.TokenizedText;
import dev.visibility.page.BlockOptions;
import dev.visibility.page.DataFile;
import dev.visibility.page.DataFileReader;
import dev.visibility.page.Placeholder;
import dev.visibility.page.View;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertNull;

/** A page with inlined data works when opened from disk, where browsers fetch nothing. */
@ExtendWith(SharedBrowser.class)
class InlineDataBrowserIT {
    @Test
    void anInlinedBlockWorksFromFileUrls(Browser browser) {
        DataFileReader.Contents data = BuiltSite.first("explorer").data();
        InfluenceMatrix matrix = data.matrix();
        TokenizedText text = new TokenizedText(new long[data.tokens().size()], data.tokens());
        BlockOptions options = new BlockOptions(View.EXPLORER, matrix.layers() - 1, 0, Direction.BOTH, "Opened from disk");
        Path page = BuiltSite.writePage("inline",
                Placeholder.inlineHtml(DataFile.encode(text, matrix, null), options, text, matrix, null));
        browser.driver().get(page.toUri().toString());
        FigureDriver figure = FigureDriver.nth(browser.driver(), 0);
        assertNull(figure.attribute("data-src"));
        Heatmaps.assertShows(figure, matrix, Direction.BOTH, matrix.layers() - 1, 0);
        figure.hover(1, matrix.positions() - 1);
        Heatmaps.assertShows(figure, matrix, Direction.BOTH, 1, matrix.positions() - 1);
        browser.screenshot("inline-file-url", figure.element());
    }
}
