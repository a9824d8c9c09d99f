package dev.visibility.cli;

import dev.visibility.hub.ProgressSink;

import java.io.PrintStream;

/** Download progress for the command line: a bar redrawn in place on a terminal, plain lines otherwise. */
final class TerminalProgress {
    private TerminalProgress() {
    }

    /**
     * Progress on {@code log}: a bar when {@code log} is the standard error of a terminal, lines when it is
     * redirected or is not standard error at all (a test's buffer, say).
     */
    static ProgressSink on(PrintStream log) {
        return System.console() != null && log == System.err ? ProgressSink.onTerminal(log) : log::println;
    }
}
