package dev.visibility.cli;

import dev.visibility.hub.ProgressSink;

/** Download progress for the command line: a bar redrawn in place on a terminal, plain lines when redirected. */
final class TerminalProgress {
    private TerminalProgress() {
    }

    /** Progress on standard error, which keeps standard output free for the command's own output. */
    static ProgressSink standardError() {
        return System.console() != null ? ProgressSink.onTerminal(System.err) : System.err::println;
    }
}
