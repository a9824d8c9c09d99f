package dev.visibility.jbake;

import dev.visibility.Folders;
import dev.visibility.pipeline.FigurePipeline;
import dev.visibility.TestModels;
import org.jbake.app.Oven;
import org.jbake.app.configuration.DefaultJBakeConfiguration;
import org.jbake.app.configuration.JBakeConfigurationFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A small JBake site in a temporary folder, baked by JBake's real {@link Oven} with the tiny GPT-2. Posts get a
 * five-line header and its separator, so the first line of a body is line 7 of its file. Bakes see only the
 * environment variables given to {@link #environment}, not the caller's {@code HF_*} or {@code VISIBILITY_MODEL},
 * which a surefire fork inherits; and {@code XDG_CACHE_HOME} is always a folder of the test's own, so that no bake
 * reads or writes the user's cache.
 */
final class TestSite {
    static final int FIRST_BODY_LINE = 7;
    private static final Logger LOG = LoggerFactory.getLogger(TestSite.class);
    private static final Pattern DATA_SOURCE = Pattern.compile("<figure class=\"visibility\" data-src=\"([^\"]+)\"");
    private static final String LAYOUT = """
            <!DOCTYPE html>
            <html><head><title>${content.title}</title><#list visibility_head as tags>${tags}</#list></head>
            <body>${content.body}</body></html>
            """;

    final Path source;
    final Path output;
    final Path cache;
    private final String cacheSetting;
    private final Map<String, String> ownCache;
    private Map<String, String> environment;
    /** Every line that bakes gave their host's log, warnings included. */
    final List<String> log = new ArrayList<>();

    /** A site in {@code folder}/site whose heatmap cache is {@code folder}/cache. */
    TestSite(Path folder) {
        this(folder, folder.resolve("cache").toString());
    }

    /**
     * @param cacheSetting {@code visibility.cache}: an absolute folder, or one relative to the site, as a blog that
     *                     commits its cache sets it
     */
    TestSite(Path folder, String cacheSetting) {
        source = folder.resolve("site");
        output = folder.resolve("output");
        this.cacheSetting = cacheSetting;
        cache = source.resolve(cacheSetting);
        ownCache = Map.of("XDG_CACHE_HOME", folder.resolve("xdg-cache").toString());
        environment = ownCache;
        write("templates/post.ftl", LAYOUT);
        write("templates/page.ftl", LAYOUT);
        properties("");
        try {
            // JBake warns about a site without an asset folder.
            Files.createDirectories(source.resolve("assets"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code jbake.properties}: only posts and pages are rendered, with the tiny GPT-2. */
    TestSite properties(String extra) {
        write("jbake.properties", String.join("\n",
                "render.index=false", "render.feed=false", "render.archive=false", "render.tags=false",
                "render.sitemap=false",
                "visibility.model=" + TestModels.tinyGpt2(),
                "visibility.cache=" + cacheSetting,
                extra, ""));
        return this;
    }

    /** Makes later bakes see {@code variables}, and the test's own {@code XDG_CACHE_HOME}, as their environment. */
    TestSite environment(Map<String, String> variables) {
        Map<String, String> all = new TreeMap<>(ownCache);
        all.putAll(variables);
        environment = Map.copyOf(all);
        return this;
    }

    /** Writes a published post at {@code content/<path>} with the given body lines. */
    TestSite post(String path, String... body) {
        write("content/" + path, String.join("\n", List.of("title=" + path, "date=2024-05-01", "type=post",
                "status=published", "tags=test", "~~~~~~")) + "\n" + String.join("\n", body) + "\n");
        return this;
    }

    void write(String path, String content) {
        try {
            Path file = source.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bakes the site, failing on any error JBake collected; returns what the visibility step reported. */
    FigurePipeline.Report bake() {
        AtomicReference<FigurePipeline.Report> report = new AtomicReference<>();
        Oven oven = new Oven(configuration(report::set));
        oven.bake();
        if (!oven.getErrors().isEmpty()) {
            throw new AssertionError("bake failed: " + oven.getErrors());
        }
        if (report.get() == null) {
            throw new AssertionError("the bake did not reach the visibility step");
        }
        return report.get();
    }

    /**
     * The configuration of one bake of this site, carrying the host that gives it {@link #environment} and takes
     * its report.
     */
    DefaultJBakeConfiguration configuration(Consumer<FigurePipeline.Report> reports) {
        DefaultJBakeConfiguration config = new JBakeConfigurationFactory()
                .createDefaultJbakeConfiguration(source.toFile(), output.toFile(), true);
        config.setProperty(BakeHost.KEY, new BakeHost(environment, line -> {
            log.add(line);
            LOG.info(line);
        }, line -> {
            log.add(line);
            LOG.warn(line);
        }, reports));
        return config;
    }

    /** The published data files ({@code visibility/data/*.json}) by name. */
    Map<String, String> dataFiles() {
        Path data = output.resolve("visibility/data");
        try (Stream<Path> files = Files.list(data)) {
            Map<String, String> contents = new TreeMap<>();
            for (Path file : files.toList()) {
                contents.put(file.getFileName().toString(), Files.readString(file));
            }
            return contents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code data-src} of every figure of {@code html} that loads its numbers from a data file, in order. */
    static List<String> dataSources(String html) {
        List<String> sources = new ArrayList<>();
        Matcher matcher = DATA_SOURCE.matcher(html);
        while (matcher.find()) {
            sources.add(matcher.group(1));
        }
        return sources;
    }

    /** Deletes the baked output, so that the next bake writes every file anew. */
    void deleteOutput() {
        Folders.delete(output);
    }

    String read(String outputPath) {
        try {
            return Files.readString(output.resolve(outputPath));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
