package dev.visibility.page.browser;

import dev.visibility.influence.Direction;
import dev.visibility.influence.InfluenceMatrix;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An exported figure with a lighter Plotly chosen by {@code --plotly-file}: each bundle in the folder named by
 * {@code VISIBILITY_PLOTLY_BUNDLES} (.ci/run fetches the partial cartesian bundles of Plotly 3 and 2 there)
 * renders, hovers and downloads. Without that folder the test is skipped with a message.
 */
@ExtendWith(SharedBrowser.class)
class PartialPlotlyBrowserIT {
    private static final String VARIABLE = "VISIBILITY_PLOTLY_BUNDLES";
    /** Plotly's bundles open with a comment such as {@code plotly.js (cartesian - minified) v3.7.0}. */
    private static final Pattern BANNER = Pattern.compile("\\A/\\*\\*\\s*\\* plotly\\.js[^\\n]* v(\\d+\\.\\d+\\.\\d+)");

    @TestFactory
    Stream<DynamicTest> eachBundleRendersAndHovers(Browser browser) throws IOException {
        String configured = System.getenv(VARIABLE);
        Path folder = configured == null || configured.isBlank() ? null : Path.of(configured);
        if (folder == null || !Files.isDirectory(folder)) {
            // A skip inside a dynamic test is counted as a skipped test; one thrown by the factory counts nothing.
            return Stream.of(DynamicTest.dynamicTest("partial Plotly bundles", () -> Browser.skip(
                    "SKIPPED: no partial Plotly bundles to test; set " + VARIABLE + " to a folder of them"
                            + " (.ci/run fetches plotly.js-cartesian-dist-min 3.x and 2.x)")));
        }
        List<Path> bundles;
        try (Stream<Path> files = Files.list(folder)) {
            bundles = files.filter(file -> file.getFileName().toString().endsWith(".js")).sorted().toList();
        }
        assertFalse(bundles.isEmpty(), "no .js bundle in " + folder);
        return bundles.stream().map(bundle -> DynamicTest.dynamicTest(bundle.getFileName().toString(),
                () -> rendersAndHovers(browser, bundle)));
    }

    private static void rendersAndHovers(Browser browser, Path bundle) throws IOException {
        // SharedBrowser resets the browser before a class's first test, and dynamic tests get no callbacks: without a
        // reset, the second bundle would find the first one's download, of the same name.
        browser.reset();
        String name = bundle.getFileName().toString().replaceAll("\\.js$", "");
        ExportedPage exported = ExportedPage.export(name, name, "--text", "<|endoftext|>A lighter page.",
                "--layer", "2", "--position", "3",
                "--plotly-file", bundle.toString());
        InfluenceMatrix matrix = exported.data().matrix();
        try (StaticServer server = new StaticServer(exported.folder(), "/")) {
            browser.driver().get(server.url(exported.page()));
            FigureDriver figure = FigureDriver.nth(browser.driver(), 0);
            Heatmaps.assertShows(figure, matrix, Direction.BOTH, 2, 3);
            figure.hover(matrix.layers() - 1, 1);
            Heatmaps.assertShows(figure, matrix, Direction.BOTH, matrix.layers() - 1, 1);
            figure.click(1, 2);
            figure.hover(2, 2);
            assertTrue(figure.tooltip().startsWith("Layer 2, position 2\n"), figure.tooltip());
            figure.choose("SVG");
            String svg = Files.readString(browser.awaitDownload("visibility-layer1-position2-both.svg"));
            assertTrue(svg.contains("cbfill"), () -> "Download draws with this bundle too; " + svg.length()
                    + " characters downloaded, ending: " + svg.substring(Math.max(0, svg.length() - 300)));
            browser.screenshot(name, figure.element());
            assertEquals(List.of(), server.missingBesidesFavicon());
            Matcher banner = BANNER.matcher(Files.readString(bundle));
            assertTrue(banner.find(), "the bundle starts with Plotly's banner");
            assertEquals(banner.group(1), browser.script("return Plotly.version;"),
                    "the page runs this bundle");
        }
    }
}
