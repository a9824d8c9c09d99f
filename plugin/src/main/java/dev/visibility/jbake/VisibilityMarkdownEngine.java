package dev.visibility.jbake;

import dev.visibility.pipeline.DirectiveException;
import dev.visibility.pipeline.DirectiveParser;
import dev.visibility.pipeline.FencedBlock;
import dev.visibility.pipeline.FencedBlocks;
import dev.visibility.pipeline.PreparedBlock;
import dev.visibility.page.PageAssets;
import dev.visibility.page.Placeholder;
import org.jbake.app.FileUtil;
import org.jbake.parser.MarkdownEngine;
import org.jbake.parser.ParserContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * JBake's Markdown engine, plus visibility blocks: each {@code ```visibility} block becomes the placeholder
 * element of its figure, and the post is marked with {@value #MARKER} so that templates load the page script only
 * where it is needed. Everything else is rendered by JBake's own engine with the site's extensions.
 *
 * <p>JBake keeps one instance for all bakes in its engine registry; it holds the {@link CurrentBake}.
 */
public class VisibilityMarkdownEngine extends MarkdownEngine {
    /** The document attribute that marks a page with blocks. */
    public static final String MARKER = "visibility";
    /** The document attribute that holds the page's {@code <head>} tags ({@link VisibilityHead}). */
    static final String HEAD_TAGS = "visibility_head_tags";
    /** Where the figures' files go in the output, relative to its root. */
    static final String FOLDER = "visibility/";
    static final String DATA_FOLDER = FOLDER + "data/";

    private final CurrentBake bake = new CurrentBake();

    @Override
    public void processBody(ParserContext context) {
        List<String> lines = Arrays.asList(context.getBody().split("\n", -1));
        SourceFile file = SourceFile.of(context);
        List<FencedBlock> blocks;
        try {
            blocks = FencedBlocks.find(lines);
        } catch (DirectiveException e) {
            throw file.error(e);
        }
        if (blocks.isEmpty()) {
            super.processBody(context);
            return;
        }
        SiteBuild build = bake.join(context.getConfig());
        String rootPath = FileUtil.getUriPathToContentRoot(context.getConfig(), context.getFile());
        // Each block becomes a paragraph holding a unique word, which no Markdown extension changes; after
        // rendering, that paragraph is swapped for the figure. The word keeps the block's container (indentation
        // or list marker), so that a block in a list item stays in it.
        String nonce = UUID.randomUUID().toString().replace("-", "");
        List<StandIn> standIns = new ArrayList<>();
        List<String> markdown = new ArrayList<>();
        int next = 0;
        for (FencedBlock block : blocks) {
            String word = "visibilityblock" + nonce + standIns.size();
            standIns.add(new StandIn(word, block, figure(build, file, block, rootPath)));
            markdown.addAll(lines.subList(next, block.openLine() - 1));
            // One blank line on each side makes the word a paragraph; two in a row would end a list item.
            if (!markdown.isEmpty() && !markdown.get(markdown.size() - 1).isBlank()) {
                markdown.add("");
            }
            markdown.add(block.container() + word);
            markdown.add("");
            next = block.closeLine();
            if (next < lines.size() && lines.get(next).isBlank()) {
                next++;
            }
        }
        markdown.addAll(lines.subList(next, lines.size()));
        context.setBody(String.join("\n", markdown));
        super.processBody(context);
        String html = context.getBody();
        for (StandIn standIn : standIns) {
            html = standIn.replaceIn(html, file);
        }
        context.setBody(html);
        context.getDocumentModel().put(MARKER, Boolean.TRUE);
        context.getDocumentModel().put(HEAD_TAGS, PageAssets.headHtml(rootPath + FOLDER, rootPath,
                build.settings().plotly()));
    }

    /** The bake in progress, which the rendering step finishes. */
    CurrentBake bake() {
        return bake;
    }

    /** The unique word that holds a block's place while the Markdown is rendered, and the figure it becomes. */
    private record StandIn(String word, FencedBlock block, String figure) {
        /**
         * Puts the figure where the renderer put the word: a paragraph of its own, or bare in a tight list item.
         * Blocks that the renderer would leave as raw text (in HTML comments, scripts) are never given a word, so
         * a word that is missing means a renderer this plugin does not know.
         */
        String replaceIn(String html, SourceFile file) {
            String paragraph = "<p>" + word + "</p>";
            if (html.contains(paragraph)) {
                return html.replace(paragraph, figure);
            }
            if (html.contains(word)) {
                return html.replace(word, figure);
            }
            throw file.error(new DirectiveException(block.openLine(), "the Markdown renderer did not keep the place"
                    + " of this block; put the block on its own, outside of HTML and other blocks"));
        }
    }

    private static String figure(SiteBuild build, SourceFile file, FencedBlock block, String rootPath) {
        PreparedBlock prepared;
        try {
            prepared = build.build(file, DirectiveParser.parse(block));
        } catch (DirectiveException e) {
            throw file.error(e);
        }
        if (build.settings().inlineData()) {
            return Placeholder.inlineHtml(prepared.data(), prepared.options(), prepared.text(), prepared.matrix(),
                    prepared.corpus());
        }
        return Placeholder.html(rootPath + DATA_FOLDER + prepared.dataFileName(), prepared.options(),
                prepared.text(), prepared.matrix(), prepared.corpus());
    }
}
