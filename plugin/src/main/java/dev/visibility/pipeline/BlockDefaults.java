package dev.visibility.pipeline;

import dev.visibility.influence.Direction;
import dev.visibility.model.Residual;
import dev.visibility.page.View;

import java.util.Map;

/**
 * What a block gets for the options it leaves out, from the site's settings.
 *
 * @param model         the model of blocks without {@code model:}
 * @param modelOverride a model that replaces every block's and the site's choice (the {@code VISIBILITY_MODEL}
 *                      environment variable), or {@code null}
 * @param view          how blocks show their heatmaps
 * @param direction     which view of {@code G} the heatmaps show
 * @param residual      the residual convention
 * @param maxTokens     the longest text accepted, in tokens
 * @param corpusRoots   which local files corpus blocks may read
 */
public record BlockDefaults(String model, String modelOverride, View view, Direction direction, Residual residual,
                            int maxTokens, CorpusRoots corpusRoots) {
    /** The model of a site or an export that names none. */
    public static final String MODEL = "gpt2";
    /**
     * The longest text a site or an export accepts unless told otherwise: about 12 s with GPT-2 small on 2 cores
     * (README, "Benchmark"); longer texts must be asked for.
     */
    public static final int MAX_TOKENS = 64;
    /**
     * The environment variable that replaces every model, in a site build and on the command line alike, so that
     * a site or a recipe can be run against a local folder without editing it.
     */
    public static final String MODEL_VARIABLE = "VISIBILITY_MODEL";

    /** The model that {@link #MODEL_VARIABLE} names in {@code environment}, trimmed; {@code null} if unset or blank. */
    public static String modelOverride(Map<String, String> environment) {
        String value = environment.get(MODEL_VARIABLE);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
