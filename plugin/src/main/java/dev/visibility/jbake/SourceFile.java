package dev.visibility.jbake;

import dev.visibility.pipeline.DirectiveException;
import dev.visibility.io.LogText;
import org.jbake.parser.ParserContext;

import java.nio.file.Path;
import java.util.List;

/**
 * A content file as its author knows it: the name to put in messages ({@code content/blog/post.md}) and where
 * its Markdown body starts, so that a line of the body can be reported as a line of the file.
 *
 * @param name       the file's path from the content folder's parent, with {@code /}
 * @param folder     the folder the file is in, where its corpus files are found
 * @param bodyOffset how many lines of the file come before the body (the header and its separator)
 */
record SourceFile(String name, Path folder, int bodyOffset) {

    static SourceFile of(ParserContext context) {
        Path folder = context.getConfig().getContentFolder().toPath().toAbsolutePath().normalize();
        Path file = context.getFile().toPath().toAbsolutePath().normalize();
        String name = folder.getFileName() + "/" + folder.relativize(file).toString().replace('\\', '/');
        return new SourceFile(name, file.getParent(), bodyOffset(context.getFileLines(), context.getConfig().getHeaderSeparator()));
    }

    /** Mirrors JBake: the body is what follows the first separator line, or the whole file if that is empty. */
    private static int bodyOffset(List<String> lines, String separator) {
        int index = lines.indexOf(separator);
        return index >= 0 && index < lines.size() - 1 ? index + 1 : 0;
    }

    /** {@code content/post.md:LINE} for a 1-based line of the body. */
    String at(int bodyLine) {
        return name + ":" + (bodyOffset + bodyLine);
    }

    /**
     * The build failure for a problem in a block of this file. Its message is complete, and it has no cause:
     * Maven appends the message of every cause to its last line, which would repeat the reason. The reason may
     * quote the post, so control characters such as ANSI escapes are shown escaped rather than sent to the log.
     */
    VisibilityBuildException error(DirectiveException problem) {
        return new VisibilityBuildException(at(problem.line()) + ": " + LogText.escape(problem.reason()));
    }
}
