package dev.visibility.cli;

import dev.visibility.influence.InfluenceComputation;

import java.io.PrintStream;

/**
 * Progress of one computation: on a terminal, a bar that redraws itself in place with the elapsed time; elsewhere
 * (a file, a pipe) only a line when it is done, since carriage returns would leave every redraw in the file.
 */
final class ProgressLine implements InfluenceComputation.Progress {
    private static final int WIDTH = 30;

    private final PrintStream log;
    private final String label;
    private final boolean terminal;
    private final long start = System.nanoTime();

    /** @param terminal whether {@code log} is a terminal, see {@link TerminalProgress#isTerminal} */
    ProgressLine(PrintStream log, String label, boolean terminal) {
        this.log = log;
        this.label = label;
        this.terminal = terminal;
    }

    @Override
    public void update(int done, int total) {
        double seconds = (System.nanoTime() - start) / 1e9;
        if (terminal) {
            int filled = total == 0 ? WIDTH : done * WIDTH / total;
            log.printf("\r%s [%s%s] %d/%d states, %.1f s", label, "#".repeat(filled), " ".repeat(WIDTH - filled),
                    done, total, seconds);
            if (done == total) {
                log.println();
            }
        } else if (done == total) {
            log.printf("%s: %d states, %.1f s%n", label, total, seconds);
        }
        log.flush();
    }
}
