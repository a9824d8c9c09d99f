package dev.visibility.jbake;

import org.jbake.app.ContentStore;
import org.jbake.parser.Engines;
import org.jbake.template.ModelExtractor;

import java.util.List;
import java.util.Map;

/**
 * The template variable {@code visibility_head}: the {@code <head>} tags that load the page script, its style and
 * Plotly, on pages with visibility blocks, and nothing elsewhere. Templates write
 * {@code <#list visibility_head as tags>${tags}</#list>} in their head.
 *
 * <p>It is also the plugin's bootstrap. JBake instantiates model extractors at the start of every bake, before it
 * reads any content, so the constructor registers {@link VisibilityMarkdownEngine} for {@code .md} then, once:
 * JBake's registry outlives a bake, and later bakes find the engine in place (registering again would replace it,
 * with a warning, and lose the bake it tracks).
 * Registering through {@code META-INF/org.jbake.parser.MarkupEngines.properties} instead would race with JBake's
 * own Markdown engine, and the winner would depend on the class path order.
 */
public final class VisibilityHead implements ModelExtractor<List<String>> {
    /** The name under which templates see the tags. */
    public static final String NAME = "visibility_head";
    static final String MARKDOWN = "md";

    public VisibilityHead() {
        if (!(Engines.get(MARKDOWN) instanceof VisibilityMarkdownEngine)) {
            Engines.register(MARKDOWN, new VisibilityMarkdownEngine());
        }
    }

    /**
     * The markup engine stored the tags in the page's document, since it knows the site's settings; this runs
     * while templates render, which may be after the bake's settings are released. JBake's Freemarker adapter
     * turns every extracted value other than a few built-ins into a sequence.
     */
    @Override
    public List<String> get(ContentStore db, Map model, String key) {
        if (!(model.get("content") instanceof Map<?, ?> content)
                || !(content.get(VisibilityMarkdownEngine.HEAD_TAGS) instanceof String tags)) {
            return List.of();
        }
        return List.of(tags);
    }
}
