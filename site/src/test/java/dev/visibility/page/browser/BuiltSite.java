package dev.visibility.page.browser;

import dev.visibility.page.DataFileReader;
import dev.visibility.page.PageAssets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The example blog as the site build left it in {@code target/site}, and extra pages that the tests write next to
 * it ({@code target/browser-pages}) from the built data files and assets.
 */
final class BuiltSite {
    /** The site's folder; the site module's build generates it before its tests run. */
    static final Path ROOT = Path.of(System.getProperty("visibility.site", "target/site")).toAbsolutePath();
    private static final Path EXTRA = Path.of("target", "browser-pages").toAbsolutePath();
    private static final Pattern FIGURE = Pattern.compile(
            "<figure class=\"visibility\" data-src=\"([^\"]+)\" data-view=\"([a-z]+)\"");

    private BuiltSite() {
    }

    /** A figure of the built site: the page it is on, its index among the page's figures and its data file. */
    record Figure(String page, int index, String dataSrc, String view) {
        /** The data file the figure loads, decoded. */
        DataFileReader.Contents data() {
            try {
                return DataFileReader.read(Files.readAllBytes(ROOT.resolve(page).resolveSibling(dataSrc).normalize()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Every page of the built site, as its path below the root with forward slashes, in order. */
    static List<String> pages() {
        if (!Files.isDirectory(ROOT)) {
            throw new AssertionError("no built site in " + ROOT + ": build the site module (mvn package) first");
        }
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(file -> file.toString().endsWith(".html")).sorted()
                    .map(file -> ROOT.relativize(file).toString().replace('\\', '/')).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every figure of every page, in the order of the pages' paths. */
    static List<Figure> figures() {
        List<Figure> figures = new ArrayList<>();
        for (String page : pages()) {
            Matcher matcher = FIGURE.matcher(read(ROOT.resolve(page)));
            for (int index = 0; matcher.find(); index++) {
                figures.add(new Figure(page, index, matcher.group(1), matcher.group(2)));
            }
        }
        return figures;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first figure of the given view ({@code explorer} or {@code heatmap}). */
    static Figure first(String view) {
        return figures().stream().filter(figure -> figure.view().equals(view)).findFirst()
                .orElseThrow(() -> new AssertionError("the built site in " + ROOT + " has no " + view + " block"));
    }

    /** The first corpus figure: the mean over a corpus's samples. */
    static Figure firstCorpus() {
        return figures().stream().filter(figure -> figure.data().corpus() != null).findFirst()
                .orElseThrow(() -> new AssertionError("the built site in " + ROOT + " has no corpus figure"));
    }

    /**
     * Writes {@code target/browser-pages/NAME.html} with {@code body} and the head tags of the built assets, and
     * copies those assets next to it; returns the page.
     */
    static Path writePage(String name, String body) {
        try {
            Path assets = EXTRA.resolve("visibility");
            Files.createDirectories(assets);
            for (String asset : List.of(PageAssets.SCRIPT, PageAssets.STYLE, PageAssets.plotlyFileName())) {
                Files.copy(ROOT.resolve("visibility").resolve(asset), assets.resolve(asset),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            Path page = EXTRA.resolve(name + ".html");
            Files.writeString(page, "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + name
                    + "</title>" + PageAssets.headHtml("visibility/") + "<style>body{font-family:Georgia,serif;"
                    + "max-width:46rem;margin:2rem auto;padding:0 1rem}</style></head><body><h1>" + name + "</h1>"
                    + body + "</body></html>");
            return page;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The folder of the pages that {@link #writePage} writes. */
    static Path extraPages() {
        return EXTRA;
    }
}
