package dev.visibility.jbake;

import org.jbake.app.configuration.JBakeConfiguration;

import java.util.Optional;

/**
 * The visibility work of the bake in progress. JBake creates a fresh configuration object for every bake and hands
 * the same one to the markup engine and the rendering tools, so the configuration identifies the bake.
 *
 * <p>Threading: one bake at a time per JVM, as JBake 2.7 bakes, parsing and rendering files one after the other.
 * Nothing here is synchronised; the {@link VisibilityMarkdownEngine} that JBake keeps for {@code .md} owns the one
 * instance. A bake that fails while parsing never reaches the rendering step, so the next bake releases what it
 * held.
 */
final class CurrentBake {
    private SiteBuild current;

    /** The build of the bake that {@code config} belongs to, started on its first block. */
    SiteBuild join(JBakeConfiguration config) {
        if (current != null && !current.belongsTo(config)) {
            current.close();
            current = null;
        }
        if (current == null) {
            current = new SiteBuild(config);
        }
        return current;
    }

    /** Ends the bake of {@code config}: releases its models and returns its build, if any block was seen. */
    Optional<SiteBuild> finish(JBakeConfiguration config) {
        if (current == null || !current.belongsTo(config)) {
            return Optional.empty();
        }
        SiteBuild build = current;
        current = null;
        build.close();
        return Optional.of(build);
    }
}
