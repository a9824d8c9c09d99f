package dev.visibility.page.browser;

import java.io.IOException;
import java.nio.file.Path;

/** A loopback server of a folder and a browser to look at it, started and stopped together. */
record ServedBrowser(StaticServer server, Browser browser) implements AutoCloseable {
    /** Serves {@code root} under {@code prefix} and starts a browser, or skips the calling test without one. */
    static ServedBrowser serve(Path root, String prefix) throws IOException {
        StaticServer server = new StaticServer(root, prefix);
        try {
            return new ServedBrowser(server, Browser.start());
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try (server) {
            browser.close();
        }
    }
}
