package dev.visibility.page;

import dev.visibility.io.AtomicFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Properties;

/**
 * The files that pages with visibility blocks load: the page script {@value #SCRIPT}, the stylesheet
 * {@value #STYLE} and the pinned Plotly bundle (from the {@code org.webjars.npm:plotly.js-dist} WebJar, written as
 * {@code plotly-VERSION.js}), plus the {@code <head>} tags that load them.
 *
 * <p>Templates include {@link #headHtml(String)} on pages with blocks. With the {@code visibility.plotly.url}
 * option, {@link #headHtml(String, String)} loads Plotly from that URL instead, guarded by a Subresource
 * Integrity hash of the bundled file, so the URL must serve exactly that file (plotly.js-dist {@link #plotlyVersion()},
 * {@code plotly.js}).
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
        write(directory.resolve(SCRIPT), resource(SCRIPT));
        write(directory.resolve(STYLE), resource(STYLE));
        if (selfHostedPlotly) {
            write(directory.resolve(plotlyFileName()), plotlyBundle());
        }
    }

    /**
     * The tags that load the self-hosted assets, for the {@code <head>} of a page with blocks.
     *
     * @param assetsUrl the URL of the {@code visibility/} folder relative to the page, ending in {@code /}
     *                  (e.g. {@code ../visibility/})
     */
    public static String headHtml(String assetsUrl) {
        return styleAndScript(assetsUrl, "<script defer src=\"" + Html.escape(assetsUrl + plotlyFileName()) + "\"></script>");
    }

    /**
     * The tags that load the script and style from {@code assetsUrl} and Plotly from {@code plotlyUrl}, with
     * {@code integrity} set to {@link #plotlyIntegrity()}: a browser refuses the file if it differs from the
     * bundled one.
     */
    public static String headHtml(String assetsUrl, String plotlyUrl) {
        return styleAndScript(assetsUrl, "<script defer src=\"" + Html.escape(plotlyUrl) + "\" integrity=\""
                + plotlyIntegrity() + "\" crossorigin=\"anonymous\"></script>");
    }

    private static String styleAndScript(String assetsUrl, String plotlyTag) {
        // Both scripts are deferred, so they run in this order once the blocks' elements exist.
        return "<link rel=\"stylesheet\" href=\"" + Html.escape(assetsUrl + STYLE) + "\">\n"
                + plotlyTag + "\n"
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
        static final String INTEGRITY = sha384(plotlyBundle());

        private static String readVersion() {
            Properties pom = new Properties();
            try (InputStream in = open(WEBJAR_POM)) {
                pom.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return pom.getProperty("version");
        }

        private static String sha384(byte[] content) {
            try {
                return "sha384-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-384").digest(content));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has SHA-384", e);
            }
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

    /** Leaves {@code target} alone if it already holds {@code content}, so that rebuilds keep the files' dates. */
    private static void write(Path target, byte[] content) throws IOException {
        if (!Files.isRegularFile(target) || !Arrays.equals(Files.readAllBytes(target), content)) {
            AtomicFiles.write(target, content);
        }
    }
}
