package dev.visibility.page;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PageAssetsTest {
    @Test
    void writesScriptStyleAndThePinnedPlotly(@TempDir Path site) throws Exception {
        Path directory = site.resolve("visibility");
        PageAssets.writeTo(directory);
        assertTrue(Files.readString(directory.resolve(PageAssets.SCRIPT)).contains("visibility-g/1"));
        assertTrue(Files.readString(directory.resolve(PageAssets.STYLE)).contains("figure.visibility"));
        Path plotly = directory.resolve(PageAssets.plotlyFileName());
        assertTrue(Files.readString(plotly).contains("plotly.js v" + PageAssets.plotlyVersion()), "the bundle's banner");
        String integrity = "sha384-" + Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-384").digest(Files.readAllBytes(plotly)));
        assertEquals(integrity, PageAssets.plotlyIntegrity());
        try (var files = Files.list(directory)) {
            assertEquals(3, files.count(), "no temporary files are left behind");
        }
    }

    @Test
    void leavesPlotlyOutForACdnSite(@TempDir Path directory) throws Exception {
        PageAssets.writeTo(directory, false);
        assertFalse(Files.exists(directory.resolve(PageAssets.plotlyFileName())));
        assertTrue(Files.exists(directory.resolve(PageAssets.SCRIPT)));
    }

    @Test
    void headTagsUseUrlsRelativeToThePage() {
        assertEquals("<link rel=\"stylesheet\" href=\"../visibility/visibility.css\">\n"
                + "<script defer src=\"../visibility/" + PageAssets.plotlyFileName() + "\"></script>\n"
                + "<script defer src=\"../visibility/visibility.js\"></script>\n", PageAssets.headHtml("../visibility/"));
    }

    @Test
    void anotherPlotlyComesWithItsOwnIntegrity() {
        String integrity = "sha384-" + "A".repeat(64);
        String remote = PageAssets.headHtml("visibility/", "", new PlotlyChoice.Remote("https://cdn.example/plotly.js", integrity));
        assertTrue(remote.contains("<script defer src=\"https://cdn.example/plotly.js\" integrity=\"" + integrity
                + "\" crossorigin=\"anonymous\"></script>"), remote);
        String hosted = PageAssets.headHtml("../visibility/", "../", new PlotlyChoice.Hosted("js/plotly.min.js", integrity));
        assertTrue(hosted.contains("<script defer src=\"../js/plotly.min.js\" integrity=\"" + integrity + "\""), hosted);
        assertTrue(PageAssets.plotlyIntegrity().matches("sha384-[A-Za-z0-9+/]{64}"));
    }

    @Test
    void anIntegrityValueIsChecked() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new PlotlyChoice.Remote("https://cdn.example/plotly.js", "md5-abc"));
        assertTrue(error.getMessage().contains("sha384-"), error.getMessage());
    }
}
