package dev.visibility.jbake;

import dev.visibility.pipeline.FigurePipeline;
import org.jbake.app.configuration.JBakeConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.function.Consumer;

/**
 * What a bake takes from the program that runs it, instead of reaching for the process's globals: the environment
 * variables it reads ({@code VISIBILITY_MODEL}, {@code XDG_CACHE_HOME}, the {@code HF_*} of the Hugging Face
 * tools), the log that gets its progress (downloads included) and its warnings, and who learns what a finished
 * bake did.
 *
 * <p>JBake builds the markup engine and the rendering tools itself, so they cannot be handed anything; what they
 * share is the bake's configuration. A build run by the jbake-maven-plugin or JBake's own command line finds no
 * host there and gets {@link #standard()}. A program that bakes with JBake's {@code Oven} in its own process (a
 * preview server, a test) puts its host into the configuration under {@link #KEY} before the bake.
 *
 * @param environment the environment variables of the bake
 * @param info        receives progress lines: each block, downloads, the summary of the bake
 * @param warnings    receives what the user should look at, such as a damaged cache entry thrown away
 * @param finished    receives the report of each bake that reached the rendering step
 */
public record BakeHost(Map<String, String> environment, Consumer<String> info, Consumer<String> warnings,
                       Consumer<FigurePipeline.Report> finished) {
    /** The configuration key under which a bake's configuration may carry its host. */
    public static final String KEY = "dev.visibility.jbake.host";

    private static final Logger LOG = LoggerFactory.getLogger(BakeHost.class);

    public BakeHost {
        environment = Map.copyOf(environment);
    }

    /**
     * The host of a build that JBake runs: the process's environment, and slf4j, which the jbake-maven-plugin
     * routes into Maven's log.
     */
    public static BakeHost standard() {
        return new BakeHost(System.getenv(), LOG::info, LOG::warn, report -> { });
    }

    /** The host that {@code config} carries, else {@link #standard()}. */
    static BakeHost of(JBakeConfiguration config) {
        return config.get(KEY) instanceof BakeHost host ? host : standard();
    }
}
