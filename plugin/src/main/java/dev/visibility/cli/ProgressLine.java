package dev.visibility.cli;

import dev.visibility.influence.InfluenceComputation;

import java.io.PrintStream;

/** A one-line progress bar that redraws itself in place, with the elapsed time. */
final class ProgressLine implements InfluenceComputation.Progress {
    private static final int WIDTH = 30;

    private final PrintStream log;
    private final String label;
    private final long start = System.nanoTime();

    ProgressLine(PrintStream log, String label) {
        this.log = log;
        this.label = label;
    }

    @Override
    public void update(int done, int total) {
        int filled = total == 0 ? WIDTH : done * WIDTH / total;
        log.printf("\r%s [%s%s] %d/%d states, %.1f s", label, "#".repeat(filled), " ".repeat(WIDTH - filled),
                done, total, (System.nanoTime() - start) / 1e9);
        if (done == total) {
            log.println();
        }
        log.flush();
    }
}
