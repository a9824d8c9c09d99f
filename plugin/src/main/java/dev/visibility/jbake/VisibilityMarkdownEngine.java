package dev.visibility.jbake;

import dev.visibility.build.DirectiveException;
import dev.visibility.build.DirectiveParser;
import dev.visibility.build.FencedBlock;
import dev.visibility.build.FencedBlocks;
import dev.visibility.build.PreparedBlock;
import dev.visibility.page.PageAssets;
import dev.visibility.page.Placeholder;
import org.jbake.app.FileUtil;
import org.jbake.parser.MarkdownEngine;
import org.jbake.parser.ParserContext;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * JBake's Markdown engine, plus visibility blocks: each {@code ```visibility} block becomes the placeholder
 * element of its figure, and the post is marked with {@value #MARKER} so that templates load the page script only
 * where it is needed. Everything else is rendered by JBake's own engine with the site's extensions.
 */
public class VisibilityMarkdownEngine extends MarkdownEngine {
    /** The document attribute that marks a page with blocks. */
    public static final String MARKER = "visibility";
    /** The document attribute that holds the page's {@code <head>} tags ({@link VisibilityHead}). */
    static final String HEAD_TAGS = "visibility_head_tags";
    /** Where the figures' files go in the output, relative to its root. */
    static final String FOLDER = "visibility/";
    static final String DATA_FOLDER = FOLDER + "data/";

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
        SiteBuild build = SiteBuild.of(context.getConfig());
        String rootPath = FileUtil.getUriPathToContentRoot(context.getConfig(), context.getFile());
        // Each block becomes a paragraph holding a unique word, which no Markdown extension changes; after
        // rendering, that paragraph is swapped for the figure.
        String nonce = UUID.randomUUID().toString().replace("-", "");
        Map<String, String> figures = new LinkedHashMap<>();
        StringBuilder markdown = new StringBuilder();
        int next = 0;
        for (FencedBlock block : blocks) {
            String word = "visibilityblock" + nonce + figures.size();
            figures.put("<p>" + word + "</p>", figure(build, file, block, rootPath));
            markdown.append(String.join("\n", lines.subList(next, block.openLine() - 1)))
                    .append("\n\n").append(word).append("\n\n");
            next = block.closeLine();
        }
        markdown.append(String.join("\n", lines.subList(next, lines.size())));
        context.setBody(markdown.toString());
        super.processBody(context);
        String html = context.getBody();
        for (Map.Entry<String, String> figure : figures.entrySet()) {
            if (!html.contains(figure.getKey())) {
                throw new IllegalStateException(file.name() + ": the Markdown renderer changed a block's stand-in "
                        + figure.getKey() + "; please report this with the post");
            }
            html = html.replace(figure.getKey(), figure.getValue());
        }
        context.setBody(html);
        context.getDocumentModel().put(MARKER, Boolean.TRUE);
        context.getDocumentModel().put(HEAD_TAGS, PageAssets.headHtml(rootPath + FOLDER, rootPath,
                build.settings().plotly()));
    }

    private static String figure(SiteBuild build, SourceFile file, FencedBlock block, String rootPath) {
        PreparedBlock prepared;
        try {
            prepared = build.build(file, DirectiveParser.parse(block));
        } catch (DirectiveException e) {
            throw file.error(e);
        }
        if (build.settings().inlineData()) {
            return Placeholder.inlineHtml(prepared.options(), prepared.text(), prepared.matrix());
        }
        return Placeholder.html(rootPath + DATA_FOLDER + prepared.dataFileName(), prepared.options(),
                prepared.text(), prepared.matrix());
    }
}
