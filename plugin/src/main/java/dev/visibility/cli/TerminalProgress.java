package dev.visibility.cli;

import dev.visibility.hub.ProgressSink;

import java.io.PrintStream;

/** Progress for the command line: a bar redrawn in place on a terminal, plain lines otherwise. */
final class TerminalProgress {
    private TerminalProgress() {
    }

    /**
     * Progress on {@code log}: a bar when {@code log} is the standard error of a terminal, lines when it is
     * redirected or is not standard error at all (a test's buffer, say).
     */
    static ProgressSink on(PrintStream log) {
        return isTerminal(log) ? ProgressSink.onTerminal(log) : log::println;
    }

    /**
     * Whether {@code log} is the standard error of a terminal, where a bar may redraw itself in place. Java only
     * tells whether the process has a console (standard input and output both a terminal), so {@code benchmark >
     * file} counts as no terminal: its table must not fill with redraws.
     */
    static boolean isTerminal(PrintStream log) {
        return System.console() != null && log == System.err;
    }
}
