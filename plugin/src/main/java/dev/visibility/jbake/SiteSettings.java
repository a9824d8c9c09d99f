package dev.visibility.jbake;

import dev.visibility.pipeline.BlockDefaults;
import dev.visibility.pipeline.CorpusRoots;
import dev.visibility.pipeline.FigurePipeline;
import dev.visibility.influence.Direction;
import dev.visibility.model.Residual;
import dev.visibility.page.PageAssets;
import dev.visibility.page.PlotlyChoice;
import dev.visibility.page.View;
import org.jbake.app.configuration.JBakeConfiguration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code visibility.*} keys of {@code jbake.properties}, checked, with their defaults; and the
 * {@code VISIBILITY_MODEL} environment variable, which overrides every model so that a site can be built against a
 * local folder without editing it.
 *
 * @param defaults    what blocks get for options they leave out
 * @param cacheFolder where computed heatmaps are kept between builds
 * @param threads     PyTorch's CPU threads, or {@code null} for one per core
 * @param plotly      where pages load Plotly from
 * @param inlineData  whether each block's data goes into its page instead of a separate file
 */
public record SiteSettings(BlockDefaults defaults, Path cacheFolder, Integer threads, PlotlyChoice plotly,
                           boolean inlineData) {
    static final String PREFIX = "visibility.";
    static final String MODEL = "visibility.model";
    static final String CACHE = "visibility.cache";
    static final String MAX_TOKENS = "visibility.max.tokens";
    static final String THREADS = "visibility.threads";
    static final String PLOTLY_URL = "visibility.plotly.url";
    static final String PLOTLY_INTEGRITY = "visibility.plotly.integrity";
    static final String PLOTLY_FILE = "visibility.plotly.file";
    static final String INLINE_DATA = "visibility.inline.data";
    static final String VIEW = "visibility.view";
    static final String DIRECTION = "visibility.direction";
    static final String RESIDUAL = "visibility.residual";
    static final String CORPUS_ROOTS = "visibility.corpus.roots";
    private static final List<String> KEYS =
            List.of(MODEL, CACHE, MAX_TOKENS, THREADS, PLOTLY_URL, PLOTLY_INTEGRITY, PLOTLY_FILE, INLINE_DATA, VIEW,
                    DIRECTION, RESIDUAL, CORPUS_ROOTS);

    /**
     * @param environment the environment variables of the bake ({@link BakeHost#environment()})
     * @throws VisibilityBuildException for an unknown {@code visibility.*} key or a bad value
     */
    public static SiteSettings read(JBakeConfiguration config, Map<String, String> environment) {
        for (Iterator<String> keys = config.getKeys(); keys.hasNext(); ) {
            String key = keys.next();
            // JBake also reads the JVM's system properties as keys, but those belong to whoever started the JVM
            // (a test run's -Dvisibility.fuzz.seed, say): only the site's own files are checked for typos.
            if (key.startsWith(PREFIX) && !KEYS.contains(key) && System.getProperty(key) == null) {
                throw new VisibilityBuildException("jbake.properties: unknown key " + key + "; the visibility keys are "
                        + String.join(", ", KEYS));
            }
        }
        BlockDefaults defaults = new BlockDefaults(
                value(config, MODEL, BlockDefaults.MODEL),
                BlockDefaults.modelOverride(environment),
                parsed(config, VIEW, "explorer", View::parse),
                parsed(config, DIRECTION, "both", Direction::parse),
                parsed(config, RESIDUAL, "centered", Residual::parse),
                parsed(config, MAX_TOKENS, Integer.toString(BlockDefaults.MAX_TOKENS), SiteSettings::positive),
                corpusRoots(config));
        return new SiteSettings(defaults,
                cacheFolder(config, environment),
                parsed(config, THREADS, null, SiteSettings::positive),
                plotly(config),
                parsed(config, INLINE_DATA, "false", SiteSettings::bool));
    }

    /**
     * The folders that corpus blocks may read from: the site's folder (that of {@code jbake.properties}) and its
     * content folder, and the folders that {@code visibility.corpus.roots} adds (a comma-separated list, relative
     * to the site's folder).
     */
    private static CorpusRoots corpusRoots(JBakeConfiguration config) {
        Path site = config.getSourceFolder().toPath().toAbsolutePath();
        List<Path> roots = new ArrayList<>(List.of(site, config.getContentFolder().toPath().toAbsolutePath()));
        String added = value(config, CORPUS_ROOTS, null);
        if (added != null) {
            for (String root : added.split(",")) {
                if (!root.isBlank()) {
                    roots.add(site.resolve(root.trim()).normalize());
                }
            }
        }
        return CorpusRoots.within(roots);
    }

    /** {@code visibility.cache}, relative to the site's folder; by default the user's cache folder. */
    private static Path cacheFolder(JBakeConfiguration config, Map<String, String> environment) {
        String configured = value(config, CACHE, null);
        return configured != null ? config.getSourceFolder().toPath().resolve(configured).normalize()
                : FigurePipeline.defaultCacheFolder(environment);
    }

    /**
     * The pinned bundle, unless {@code visibility.plotly.url} (with the bundle's own {@code .integrity}, or else
     * the pinned bundle's) or {@code visibility.plotly.file} (a file of the asset folder, hashed here) names another.
     */
    private static PlotlyChoice plotly(JBakeConfiguration config) {
        String url = value(config, PLOTLY_URL, null);
        String integrity = value(config, PLOTLY_INTEGRITY, null);
        String file = value(config, PLOTLY_FILE, null);
        if (url != null && file != null) {
            throw new VisibilityBuildException("jbake.properties: set " + PLOTLY_URL + " or " + PLOTLY_FILE
                    + ", not both");
        }
        if (integrity != null && url == null) {
            throw new VisibilityBuildException("jbake.properties: " + PLOTLY_INTEGRITY + " belongs to "
                    + PLOTLY_URL + ", which is not set (a " + PLOTLY_FILE + " is hashed by the build)");
        }
        if (url != null) {
            String hash = integrity != null ? integrity : PageAssets.plotlyIntegrity();
            return parsed(config, PLOTLY_INTEGRITY, hash, value -> new PlotlyChoice.Remote(url, value));
        }
        return file == null ? new PlotlyChoice.Bundled() : hosted(config.getAssetFolder().toPath(), file);
    }

    /** A bundle that JBake copies from the asset folder to the same path under the site's root. */
    private static PlotlyChoice hosted(Path assets, String file) {
        Path bundle = assets.resolve(file).normalize();
        if (!bundle.startsWith(assets.normalize()) || !Files.isRegularFile(bundle)) {
            throw new VisibilityBuildException("jbake.properties: " + PLOTLY_FILE + "=" + file + ": no such file in "
                    + "the asset folder (" + bundle + "); give the bundle's path relative to " + assets);
        }
        try {
            return new PlotlyChoice.Hosted(assets.normalize().relativize(bundle).toString().replace('\\', '/'),
                    PlotlyChoice.integrityOf(Files.readAllBytes(bundle)));
        } catch (IOException e) {
            throw new VisibilityBuildException("jbake.properties: " + PLOTLY_FILE + "=" + file + ": cannot read "
                    + bundle + ": " + e.getMessage(), e);
        }
    }

    private static String value(JBakeConfiguration config, String key, String fallback) {
        Object value = config.get(key);
        // Commons Configuration splits values at commas; a value is meant whole.
        String text = value instanceof Collection<?> parts
                ? String.join(",", parts.stream().map(String::valueOf).toList())
                : value == null ? "" : value.toString();
        return text.isBlank() ? fallback : text.trim();
    }

    /** The key's value parsed, or {@code null} if the key is unset and {@code fallback} is {@code null}. */
    private static <T> T parsed(JBakeConfiguration config, String key, String fallback, Function<String, T> parser) {
        String value = value(config, key, fallback);
        if (value == null) {
            return null;
        }
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new VisibilityBuildException("jbake.properties: " + key + "=" + value + ": " + e.getMessage(), e);
        }
    }

    private static int positive(String value) {
        if (!value.matches("[1-9]\\d{0,8}")) {
            throw new IllegalArgumentException("expected a whole number from 1 up");
        }
        return Integer.parseInt(value);
    }

    private static boolean bool(String value) {
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("expected true or false");
        }
        return Boolean.parseBoolean(value);
    }
}
