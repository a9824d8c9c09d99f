package dev.visibility.page.browser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The README's recipes for Hugo, Jekyll and MkDocs, each followed as written: a small site of each generator gets
 * its figure from the command-line jar, is built by Debian's generator and served under {@code /proj/} (a project
 * page's sub-path), and the figure must render and follow the pointer. A generator that is not installed skips its
 * test, loudly.
 */
@ExtendWith(SharedBrowser.class)
class GeneratorRecipesIT {
    static final Path CLI_JAR = Path.of("..", "plugin", "target", "visibility-cli.jar").toAbsolutePath().normalize();
    static final Path TINY_MODEL = Path.of("..", "plugin", "src", "test", "resources", "tiny-gpt2")
            .toAbsolutePath().normalize();
    private static final Path SITES = Path.of("target", "recipe-sites").toAbsolutePath();
    /** The sub-path the recipes assume, and under which every site is served. */
    private static final String SUB_PATH = "/proj/";
    private static final Pattern FIGURE = Pattern.compile("<figure class=\"visibility\"");
    private static final Duration EXPORT_TIME = Duration.ofMinutes(3);
    private static final Duration BUILD_TIME = Duration.ofMinutes(2);

    @Test
    void hugo(Browser browser) throws IOException {
        Path site = newSite("hugo", "hugo", "figures");
        write(site, "config.toml", "baseURL = \"https://example.org" + SUB_PATH + "\"\ntitle = \"Recipes\"\n");
        write(site, "layouts/shortcodes/visibility.html", ReadmeRecipes.get("hugo-shortcode"));
        write(site, "layouts/_default/single.html", page("{{ .Title }}", ReadmeRecipes.get("hugo-head"), "{{ .Content }}"));
        write(site, "content/posts/cat.md", "---\ntitle: Cat\n---\nA figure:\n\n" + ReadmeRecipes.get("hugo-post"));
        followTwice(site, "hugo");
        shell(site).run("hugo", "hugo --quiet --destination public", BUILD_TIME);
        assertOneFigure(site.resolve("public/posts/cat/index.html"));
        checkFigure(browser, site.resolve("public"), "posts/cat/");
    }

    @Test
    void jekyll(Browser browser) throws IOException {
        Path site = newSite("jekyll", "jekyll", "_figures");
        write(site, "_config.yml", "baseurl: " + SUB_PATH.substring(0, SUB_PATH.length() - 1) + "\n"
                + ReadmeRecipes.get("jekyll-config"));
        write(site, "_layouts/default.html", page("{{ page.title }}", ReadmeRecipes.get("jekyll-head"), "{{ content }}"));
        write(site, "cat.md", "---\nlayout: default\ntitle: Cat\nvisibility: true\n---\nA figure:\n\n"
                + ReadmeRecipes.get("jekyll-post"));
        followTwice(site, "jekyll");
        shell(site).run("jekyll", "jekyll build --quiet", BUILD_TIME);
        try (Stream<Path> published = Files.walk(site.resolve("_site"))) {
            assertEquals(List.of(), published.filter(file -> file.getFileName().toString().endsWith(".jar")).toList(),
                    "the jar stays out of the published site");
        }
        assertOneFigure(site.resolve("_site/cat.html"));
        checkFigure(browser, site.resolve("_site"), "cat.html");
    }

    @Test
    void mkdocs(Browser browser) throws IOException {
        Path site = newSite("mkdocs", "mkdocs", "figures");
        // Asked of the Python that runs mkdocs (its #! line), which need not be the first python3 on the PATH.
        if (!shellSucceeds(site, "$(sed -n '1s/^#!//p' \"$(command -v mkdocs)\") -c 'import pymdownx.snippets'")) {
            Browser.skip("SKIPPED: the MkDocs recipe needs PyMdown Extensions (apt-get install python3-pymdownx)");
        }
        write(site, "mkdocs.yml", "site_name: Recipes\nsite_url: https://example.org" + SUB_PATH + "\n"
                + ReadmeRecipes.get("mkdocs-config"));
        write(site, "docs/index.md", "# Recipes\n");
        write(site, "docs/cat.md", "# Cat\n\nA figure:\n\n" + ReadmeRecipes.get("mkdocs-page"));
        followTwice(site, "mkdocs");
        shell(site).run("mkdocs", "mkdocs build --quiet --site-dir site", BUILD_TIME);
        assertOneFigure(site.resolve("site/cat/index.html"));
        checkFigure(browser, site.resolve("site"), "cat/");
    }

    /**
     * A fresh folder for a site of {@code generator}, with the jar as the recipes name it and the block file that
     * they export in {@code figures}; skips the test if the generator is not installed.
     */
    private static Path newSite(String name, String generator, String figures) throws IOException {
        if (!RecipeShell.installed(generator)) {
            Browser.skip("SKIPPED: the " + name + " recipe needs " + generator + " (apt-get install " + generator
                    + "; .ci/run installs it)");
        }
        if (!Files.isRegularFile(CLI_JAR)) {
            throw new AssertionError("no " + CLI_JAR + ": package the plugin module first (mvn -B package)");
        }
        Path site = SITES.resolve(name);
        delete(site);
        Files.createDirectories(site);
        Files.createSymbolicLink(site.resolve("visibility-cli.jar"), CLI_JAR);
        write(site, figures + "/cat.block", "text: <|endoftext|>The cat sat on the mat.\nmodel: " + TINY_MODEL
                + "\nlayer: 2\nposition: 5\ncaption: A figure of a " + name + " site\n");
        return site;
    }

    /**
     * Runs commands in {@code site} with the heatmap cache of these tests, outside the user's own, and the tiny model
     * that the block names also where the build's {@code VISIBILITY_MODEL}, which export follows, is a relative path.
     */
    static RecipeShell shell(Path site) {
        return new RecipeShell(site, Map.of("XDG_CACHE_HOME", SITES.resolve("xdg-cache").toString(),
                "VISIBILITY_MODEL", TINY_MODEL.toString()));
    }

    /**
     * Runs the README's recipe {@code name} in {@code site} twice, as after an edit of the block: a rerun must
     * replace what the first run wrote, not add to it.
     */
    private static void followTwice(Path site, String name) {
        for (int run = 1; run <= 2; run++) {
            shell(site).run("the README's " + name + " recipe (run " + run + ")", ReadmeRecipes.get(name), EXPORT_TIME);
        }
    }

    private static void assertOneFigure(Path page) throws IOException {
        assertEquals(1, FIGURE.matcher(Files.readString(page)).results().count(), "figures in " + page);
    }

    private static boolean shellSucceeds(Path folder, String command) {
        try {
            new RecipeShell(folder, Map.of()).run(command, command, Duration.ofSeconds(30));
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    /** A layout: a page with {@code head} in its head and {@code body} under a heading. */
    private static String page(String title, String head, String body) {
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title + "</title>\n" + head
                + "</head>\n<body><h1>" + title + "</h1>\n" + body + "\n</body></html>\n";
    }

    /**
     * Serves {@code published} under the sub-path and opens {@code page}: the figure must become ready, follow the
     * pointer from cell to cell, and every file that the page asked for must exist.
     */
    static void checkFigure(Browser browser, Path published, String page) {
        try (StaticServer server = new StaticServer(published, SUB_PATH)) {
            browser.driver().get(server.url(page));
            FigureDriver figure;
            try {
                figure = FigureDriver.nth(browser.driver(), 0);
            } catch (RuntimeException e) {
                // A wrong --url-prefix shows as files the page asked for in vain, which says more than the timeout.
                throw new AssertionError("the figure of " + page + " did not render; requests that found no file: "
                        + server.missingBesidesFavicon(), e);
            }
            figure.hover(3, 4);
            figure.awaitSelected(3, 4);
            figure.hover(1, 2);
            figure.awaitSelected(1, 2);
            assertEquals(List.of(), server.missingBesidesFavicon(), "requests that found no file");
        } catch (IOException e) {
            throw new AssertionError("cannot serve " + published, e);
        }
    }

    static void write(Path folder, String path, String text) throws IOException {
        Path file = folder.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    static void delete(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
