package dev.visibility.page.browser;

import dev.visibility.cli.CommandRun;
import dev.visibility.page.DataFileReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A figure made by {@code visibility export} with the tiny test model, pasted into a plain HTML page as the
 * README tells a Hugo or Jekyll user to: the printed head tags into {@code <head>}, the figure into the body, whose
 * content is in a {@code <main>}, as a blog theme's post is (and as axe's landmark rules want it).
 *
 * @param folder the page's folder, which holds {@code visibility/} as export wrote it
 * @param page   the page's file name in {@code folder}
 * @param data   the figure's data file, decoded
 */
record ExportedPage(Path folder, String page, DataFileReader.Contents data) {
    /** The tiny GPT-2 of the plugin's tests, from the site module's folder. */
    private static final Path MODEL = Path.of("..", "plugin", "src", "test", "resources", "tiny-gpt2");
    private static final String FIGURE_MARK = "<!-- visibility: where the figure goes -->";
    private static final Pattern DATA_SOURCE = Pattern.compile("data-src=\"([^\"]+)\"");

    /**
     * Runs export into {@code target/exported/NAME/} and writes {@code post.html} there.
     *
     * @param options block and Plotly options for export, besides the model, the cache and the output
     */
    static ExportedPage export(String name, String title, String... options) throws IOException {
        Path folder = Path.of("target", "exported", name).toAbsolutePath();
        List<String> args = new ArrayList<>(List.of("export", "--model", MODEL.toString(),
                "--cache", Path.of("target", "export-cache").toString(), "--out", folder.toString()));
        args.addAll(List.of(options));
        CommandRun run = CommandRun.run(Path.of("target", "export-xdg-cache"), args);
        if (run.code() != 0) {
            throw new AssertionError("export failed with " + run.code() + ": " + run.err());
        }
        String printed = run.out();
        int split = printed.indexOf(FIGURE_MARK);
        if (split < 0) {
            throw new AssertionError("export printed no figure: " + printed);
        }
        Files.writeString(folder.resolve("post.html"), "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>" + title + "</title>\n" + printed.substring(0, split) + "</head>\n<body><main><h1>" + title
                + "</h1>\n<p>A post of a static site that is not built with JBake.</p>\n" + printed.substring(split)
                + "</main></body></html>\n");
        Matcher source = DATA_SOURCE.matcher(printed);
        if (!source.find()) {
            throw new AssertionError("the figure names no data file: " + printed);
        }
        DataFileReader.Contents data = DataFileReader.read(Files.readAllBytes(folder.resolve(source.group(1))));
        return new ExportedPage(folder, "post.html", data);
    }
}
