package dev.visibility.jbake;

import dev.visibility.page.PageAssets;
import dev.visibility.page.PlotlyChoice;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code visibility.plotly.*} settings: which Plotly the pages load, with which integrity, and mistakes. */
class PlotlySettingsIT {
    private static final String BUNDLE = "/* plotly.js (cartesian - minified), a stand-in */";
    private static final String INTEGRITY = "sha384-" + "B".repeat(64);

    @TempDir
    Path folder;
    private TestSite site;

    @BeforeEach
    void setUp() {
        site = new TestSite(folder).post("blog/post.md", "```visibility", "text: Fine", "```");
        site.write("assets/js/plotly-cartesian.min.js", BUNDLE);
    }

    @Test
    void aFileOfTheAssetsIsLoadedWithTheIntegrityTheBuildComputed() {
        site.properties("visibility.plotly.file=js/plotly-cartesian.min.js").bake();
        String page = site.read("blog/post.html");
        String integrity = PlotlyChoice.integrityOf(BUNDLE.getBytes(StandardCharsets.UTF_8));
        assertTrue(page.contains("<script defer src=\"../js/plotly-cartesian.min.js\" integrity=\"" + integrity + "\""),
                page);
        assertTrue(Files.isRegularFile(site.output.resolve("js/plotly-cartesian.min.js")), "JBake copies the assets");
        assertFalse(Files.exists(site.output.resolve("visibility/" + PageAssets.plotlyFileName())), "no pinned bundle");
    }

    @Test
    void aUrlIsLoadedWithItsOwnIntegrity() {
        site.properties("visibility.plotly.url=https://cdn.example/plotly-cartesian.min.js\n"
                + "visibility.plotly.integrity=" + INTEGRITY).bake();
        String page = site.read("blog/post.html");
        assertTrue(page.contains("<script defer src=\"https://cdn.example/plotly-cartesian.min.js\" integrity=\""
                + INTEGRITY + "\" crossorigin=\"anonymous\"></script>"), page);
        assertFalse(Files.exists(site.output.resolve("visibility/" + PageAssets.plotlyFileName())), "no pinned bundle");
    }

    @Test
    void byDefaultTheSiteHostsThePinnedBundle() {
        site.bake();
        assertTrue(site.read("blog/post.html").contains("<script defer src=\"../visibility/" + PageAssets.plotlyFileName()
                + "\"></script>"));
        assertTrue(Files.isRegularFile(site.output.resolve("visibility/" + PageAssets.plotlyFileName())));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            visibility.plotly.file=js/missing.js | visibility.plotly.file=js/missing.js: no such file in the asset folder
            visibility.plotly.file=../jbake.properties | no such file in the asset folder
            visibility.plotly.integrity=sha384-abc | visibility.plotly.integrity belongs to visibility.plotly.url, which is not set
            visibility.plotly.url=https://cdn.example/p.js\\nvisibility.plotly.file=js/plotly-cartesian.min.js | set visibility.plotly.url or visibility.plotly.file, not both
            visibility.plotly.url=https://cdn.example/p.js\\nvisibility.plotly.integrity=md5-x | visibility.plotly.integrity=md5-x: 'md5-x' is not a Subresource Integrity value
            """)
    void mistakesAreReported(String properties, String message) {
        site.properties(properties.replace("\\n", "\n"));
        VisibilityBuildException error = assertThrows(VisibilityBuildException.class, site::bake);
        assertTrue(error.getMessage().startsWith("jbake.properties: ") && error.getMessage().contains(message),
                error.getMessage());
    }
}
