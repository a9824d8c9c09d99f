package dev.visibility.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The folders whose files corpus blocks may read. A site's posts may come from anyone who sends a pull request,
 * so a site build reads only files inside its own folders (links resolved first), while the command line, where
 * the user names the file, reads any.
 */
public final class CorpusRoots {
    /** No limit: the command line's. */
    public static final CorpusRoots ANYWHERE = new CorpusRoots(null);

    private final List<Path> roots;

    private CorpusRoots(List<Path> roots) {
        this.roots = roots;
    }

    /** Only files inside {@code roots} (after resolving links in both). */
    public static CorpusRoots within(List<Path> roots) {
        return new CorpusRoots(List.copyOf(roots));
    }

    /**
     * @param file an existing file named by a block
     * @throws DirectiveException if it lies outside every root
     */
    void check(Path file, String source, int line) throws DirectiveException {
        if (roots == null) {
            return;
        }
        try {
            Path real = file.toRealPath();
            for (Path root : roots) {
                if (real.startsWith(realOrAsIs(root))) {
                    return;
                }
            }
        } catch (IOException unreadable) {
            // refused below, as a file outside
        }
        throw new DirectiveException(line, "corpus file " + source + " is outside the site's folders " + roots
                + "; a post may read only files inside them. Move the file into the site, or add its folder to"
                + " visibility.corpus.roots in jbake.properties");
    }

    private static Path realOrAsIs(Path root) {
        try {
            return root.toRealPath();
        } catch (IOException missing) {
            return root.toAbsolutePath().normalize();
        }
    }
}
