package dev.visibility.page;

import dev.visibility.io.AtomicFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The files that pages with visibility blocks load: the page script {@value #SCRIPT}, the stylesheet
 * {@value #STYLE} and the pinned Plotly bundle (from the {@code org.webjars.npm:plotly.js-dist} WebJar, written as
 * {@code plotly-VERSION.js}), plus the {@code <head>} tags that load them.
 *
 * <p>Pages with blocks include {@link #headHtml(String, String, PlotlyChoice)}; a site may load another Plotly
 * bundle instead of the pinned one ({@link PlotlyChoice}).
 */
public final class PageAssets {
    /** The page script's file name. */
    public static final String SCRIPT = "visibility.js";
    /** The stylesheet's file name. */
    public static final String STYLE = "visibility.css";
    private static final String WEBJAR = "META-INF/resources/webjars/plotly.js-dist/";
    private static final String WEBJAR_POM = "META-INF/maven/org.webjars.npm/plotly.js-dist/pom.properties";

    private PageAssets() {
    }

    /** Writes the script, the stylesheet and the Plotly bundle into {@code directory} (the site's {@code visibility/}). */
    public static void writeTo(Path directory) throws IOException {
        writeTo(directory, true);
    }

    /**
     * Writes the script and the stylesheet, and the Plotly bundle if {@code selfHostedPlotly} (a site that loads
     * Plotly from a CDN does not need it). Files are replaced atomically and only when their content changed.
     */
    public static void writeTo(Path directory, boolean selfHostedPlotly) throws IOException {
        Files.createDirectories(directory);
        for (Map.Entry<String, byte[]> file : files(selfHostedPlotly).entrySet()) {
            AtomicFiles.writeIfDifferent(directory.resolve(file.getKey()), file.getValue());
        }
    }

    /**
     * The files {@link #writeTo(Path, boolean)} writes, by name: the script, the stylesheet, and the Plotly bundle
     * if {@code selfHostedPlotly}.
     */
    public static Map<String, byte[]> files(boolean selfHostedPlotly) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(SCRIPT, resource(SCRIPT));
        files.put(STYLE, resource(STYLE));
        if (selfHostedPlotly) {
            files.put(plotlyFileName(), plotlyBundle());
        }
        return files;
    }

    /**
     * The tags that load the self-hosted assets, for the {@code <head>} of a page with blocks.
     *
     * @param assetsUrl the URL of the {@code visibility/} folder relative to the page, ending in {@code /}
     *                  (e.g. {@code ../visibility/})
     */
    public static String headHtml(String assetsUrl) {
        return headHtml(assetsUrl, "", new PlotlyChoice.Bundled());
    }

    /**
     * The tags that load the page script and style from {@code assetsUrl} and Plotly as {@code plotly} says.
     *
     * @param siteUrl the URL of the site's root relative to the page, for a {@link PlotlyChoice.Hosted} bundle
     */
    public static String headHtml(String assetsUrl, String siteUrl, PlotlyChoice plotly) {
        return "<link rel=\"stylesheet\" href=\"" + Html.escape(assetsUrl + STYLE) + "\">\n"
                + plotly.scriptTag(assetsUrl, siteUrl) + "\n"
                + "<script defer src=\"" + Html.escape(assetsUrl + SCRIPT) + "\"></script>\n";
    }

    /** The version of the bundled Plotly, read from the WebJar so that the POM is the only place that names it. */
    public static String plotlyVersion() {
        return Bundle.VERSION;
    }

    /** The file name of the bundled Plotly, e.g. {@code plotly-3.3.1.js}. */
    public static String plotlyFileName() {
        return "plotly-" + plotlyVersion() + ".js";
    }

    /** The Subresource Integrity value of the bundled Plotly: {@code sha384-} and the Base64 of its SHA-384. */
    public static String plotlyIntegrity() {
        return Bundle.INTEGRITY;
    }

    private static byte[] plotlyBundle() {
        return read(WEBJAR + plotlyVersion() + "/plotly.js");
    }

    /** Facts about the bundle, computed once: hashing its 11 MB for every page would slow a site build down. */
    private static final class Bundle {
        static final String VERSION = readVersion();
        static final String INTEGRITY = PlotlyChoice.integrityOf(plotlyBundle());

        private static String readVersion() {
            Properties pom = new Properties();
            try (InputStream in = open(WEBJAR_POM)) {
                pom.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return pom.getProperty("version");
        }
    }

    private static byte[] resource(String name) {
        return read(PageAssets.class.getPackageName().replace('.', '/') + "/" + name);
    }

    private static byte[] read(String resource) {
        try (InputStream in = open(resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource + " from the plugin's class path", e);
        }
    }

    private static InputStream open(String resource) throws IOException {
        InputStream in = PageAssets.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IOException(resource + " is missing from the class path; the plugin jar or its"
                    + " plotly.js-dist dependency is incomplete");
        }
        return in;
    }
}
