package dev.visibility.build;

import dev.visibility.model.Residual;

/**
 * What a block gets for the options it leaves out, from the site's settings.
 *
 * @param model         the model of blocks without {@code model:}
 * @param modelOverride a model that replaces every block's and the site's choice (the {@code VISIBILITY_MODEL}
 *                      environment variable), or {@code null}
 * @param view          {@code explorer} or {@code heatmap}
 * @param direction     {@code sees}, {@code influences} or {@code both}
 * @param residual      the residual convention
 * @param maxTokens     the longest text accepted, in tokens
 */
public record BlockDefaults(String model, String modelOverride, String view, String direction, Residual residual,
                            int maxTokens) {
}
