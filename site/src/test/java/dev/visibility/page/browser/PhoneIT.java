package dev.visibility.page.browser;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The figures on a phone, 375 px wide: no two tick labels meet, the titles wrap instead of being cut, and nothing
 * is wider than the screen.
 */
@ExtendWith(SharedBrowser.class)
class PhoneIT {
    private static final int WIDTH = 375;
    /**
     * The boxes of the x axis' tick labels, and where they overlap: each pair of labels whose boxes intersect,
     * as "left / right".
     */
    private static final String OVERLAPS = "var boxes = Array.from(arguments[0].querySelectorAll('.xtick text'),"
            + "   function (t) { return [t.textContent, t.getBoundingClientRect()]; });"
            + " var overlaps = [];"
            + " boxes.forEach(function (a, i) { boxes.slice(i + 1).forEach(function (b) {"
            + "   if (a[1].left < b[1].right && b[1].left < a[1].right && a[1].top < b[1].bottom"
            + "       && b[1].top < a[1].bottom) { overlaps.push(a[0] + ' / ' + b[0]); } }); });"
            + " return {labels: boxes.length, overlaps: overlaps};";
    /**
     * The lines of the figure's title as laid out, and those that reach past the title's box (cut off, as with
     * an ellipsis) or past the window.
     */
    private static final String CUT_TITLE = "var title = arguments[0].querySelector('.visibility-state');"
            + " var box = title.getBoundingClientRect(), range = document.createRange();"
            + " range.selectNodeContents(title);"
            + " return Array.from(range.getClientRects()).filter(function (line) {"
            + "   return line.left < box.left - 0.5 || line.right > box.right + 0.5 || line.right > window.innerWidth;"
            + " }).length + (title.scrollWidth > title.clientWidth ? 1 : 0);";
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

    /** Opens {@code url} in a window as wide as a phone's screen, and waits for every figure of the page. */
    private static List<FigureDriver> openOnPhone(Browser browser, String url) {
        browser.emulateWidth(WIDTH, 800);
        browser.driver().get(url);
        assertEquals(WIDTH, ((Number) browser.script("return window.innerWidth;")).intValue(), "the page's width");
        return FigureDriver.all(browser.driver());
    }

    /** Asserts that the figure's labels keep apart, its title is whole and the figure fits in the window. */
    private static void assertFits(Browser browser, FigureDriver figure, String what) {
        @SuppressWarnings("unchecked")
        Map<String, Object> ticks = (Map<String, Object>) browser.script(OVERLAPS, figure.element());
        assertTrue(((Number) ticks.get("labels")).intValue() >= 2, what + ": some tick labels are shown " + ticks);
        assertEquals(List.of(), ticks.get("overlaps"), what + ": tick labels whose boxes intersect");
        assertEquals(0L, browser.script(CUT_TITLE, figure.element()), what + ": lines of the title cut off, "
                + figure.status());
        double right = ((Number) browser.script("return Math.max.apply(null, Array.from("
                + "arguments[0].querySelectorAll('*'), function (e) { return e.getBoundingClientRect().right; }));",
                figure.element())).doubleValue();
        assertTrue(right <= WIDTH, what + ": the figure reaches " + right + " px, past the window");
    }

    private static void assertPageFits(Browser browser, String page) {
        List<FigureDriver> figures = openOnPhone(browser, server.url(page));
        for (int i = 0; i < figures.size(); i++) {
            assertFits(browser, figures.get(i), page + " #" + i);
        }
        browser.screenshot("phone-" + page.replaceAll("\\W", "-"), figures.get(0).element());
    }

    @Test
    void theExplorersPageFits(Browser browser) {
        assertPageFits(browser, BuiltSite.first("explorer").page());
    }

    @Test
    void theHeatmapsPageFits(Browser browser) {
        assertPageFits(browser, BuiltSite.first("heatmap").page());
    }

    @Test
    void theCorpusPageFits(Browser browser) {
        assertPageFits(browser, BuiltSite.firstCorpus().page());
    }

    /**
     * The figure with the most tokens, its labels thinned; pinned by a tap on the state with the longest title,
     * the title still fits.
     */
    @Test
    void theLongestTextFitsAndSoDoesItsLongestTitle(Browser browser) {
        BuiltSite.Figure block = BuiltSite.figures().stream().filter(f -> f.view().equals("explorer"))
                .max(Comparator.comparingInt(f -> f.data().matrix().positions())).orElseThrow();
        List<String> tokens = block.data().tokens();
        FigureDriver figure = openOnPhone(browser, server.url(block.page())).get(block.index());
        assertFits(browser, figure, block.page());
        int longest = IntStream.range(0, tokens.size()).boxed()
                .max(Comparator.comparingInt(p -> tokens.get(p).length())).orElseThrow();
        int top = block.data().matrix().layers() - 1;
        figure.tap(top, longest);
        figure.awaitSelected(top, longest);
        assertTrue(figure.status().endsWith("(pinned)"), figure.status());
        assertFits(browser, figure, block.page() + " pinned at " + top + "," + longest);
        browser.screenshot("phone-longest-title", figure.element());
    }

    /** An exported figure fits too, and the title of its downloaded image wraps within the image. */
    @Test
    void anExportedFigureAndItsDownloadFit(Browser browser) throws IOException {
        ExportedPage exported = ExportedPage.export("phone", "On a phone", "--text",
                "<|endoftext|>It is done, and submitted. You can play “Survival of the Tastiest” on Android.");
        try (StaticServer exportServer = new StaticServer(exported.folder(), "/")) {
            FigureDriver figure = openOnPhone(browser, exportServer.url(exported.page())).get(0);
            assertFits(browser, figure, "the exported page");
            browser.screenshot("phone-exported", figure.element());
            figure.choose("SVG");
            String svg = Files.readString(browser.awaitDownload("visibility-layer" + figure.attribute("data-layer")
                    + "-position" + figure.attribute("data-position") + "-both.svg"));
            @SuppressWarnings("unchecked")
            Map<String, Number> title = (Map<String, Number>) browser.script(
                    "var box = document.createElement('div'); box.innerHTML = arguments[0];"
                    + " document.body.appendChild(box);"
                    + " var image = box.querySelector('svg'), title = image.querySelector('.gtitle');"
                    + " var result = {lines: title.querySelectorAll('tspan.line').length,"
                    + "   past: title.getBoundingClientRect().right - image.getBoundingClientRect().right};"
                    + " box.remove(); return result;", svg);
            assertTrue(title.get("lines").intValue() >= 2, "the image's title wraps: " + title);
            assertTrue(title.get("past").doubleValue() <= 0, "the image's title ends within it: " + title);
        }
    }

    /** No page of the blog scrolls sideways, and axe finds nothing at this width either (code wraps, for one). */
    @Test
    void noPageScrollsSidewaysAndAxeFindsNothing(Browser browser) {
        List<String> pages = BuiltSite.pages();
        StringBuilder problems = new StringBuilder();
        for (String page : pages) {
            openOnPhone(browser, server.url(page));
            long width = (Long) browser.script("return document.documentElement.scrollWidth;");
            if (width > WIDTH) {
                problems.append(page).append(" is ").append(width).append(" px wide\n");
            }
            problems.append(Axe.violations(browser, page + " at " + WIDTH + " px"));
        }
        assertEquals("", problems.toString());
    }
}
