package dev.visibility.hub;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The progress of one download: on a terminal a single line redrawn in place with {@code \r}, elsewhere (build
 * logs) just a first and a last line through the {@link ProgressSink}, so that logs are not flooded.
 */
final class ProgressBar {
    private static final long REDRAW_NANOS = 200_000_000L;
    private static final int WIDTH = 24;

    private final ProgressSink sink;
    /** The terminal that the bar is redrawn on; empty when the sink is a log. */
    private final Optional<PrintStream> terminal;
    private final String label;
    private final long total;
    private final long resumedFrom;
    private final LongSupplier nanoClock;
    private final long start;
    private long received;
    private long lastDraw;
    private int lastLength;

    /**
     * @param total       the full size in bytes, or -1 if unknown
     * @param resumedFrom bytes that an earlier, interrupted download already fetched
     */
    ProgressBar(ProgressSink sink, String label, long total, long resumedFrom, LongSupplier nanoClock) {
        this.sink = sink;
        this.terminal = sink.terminal();
        this.label = label;
        this.total = total;
        this.resumedFrom = resumedFrom;
        this.nanoClock = nanoClock;
        this.start = nanoClock.getAsLong();
        this.lastDraw = start;
        String resuming = resumedFrom > 0 ? ", resuming after " + bytes(resumedFrom) : "";
        if (terminal.isPresent()) {
            draw();
        } else {
            sink.line("Downloading " + label + " (" + (total >= 0 ? bytes(total) : "size unknown") + resuming + ")");
        }
    }

    /** Counts {@code count} more bytes received. */
    void advance(long count) {
        received += count;
        long now = nanoClock.getAsLong();
        if (terminal.isPresent() && now - lastDraw >= REDRAW_NANOS) {
            lastDraw = now;
            draw();
        }
    }

    /** Prints the final line: how much arrived, how long it took, how fast. */
    void finish() {
        double seconds = (nanoClock.getAsLong() - start) / 1e9;
        String line = label + ": " + bytes(resumedFrom + received) + " in "
                + String.format(Locale.ROOT, "%.1f", seconds) + " s (" + speed() + ")";
        if (terminal.isPresent()) {
            print(line);
            terminal.get().println();
            terminal.get().flush();
        } else {
            sink.line(line);
        }
    }

    private void draw() {
        long done = resumedFrom + received;
        StringBuilder line = new StringBuilder(label).append(' ');
        if (total > 0) {
            int filled = (int) (WIDTH * Math.min(done, total) / total);
            line.append(String.format(Locale.ROOT, "%3d%% [", 100 * Math.min(done, total) / total))
                    .append("#".repeat(filled)).append(" ".repeat(WIDTH - filled)).append("] ")
                    .append(bytes(done)).append(" / ").append(bytes(total));
        } else {
            line.append(bytes(done));
        }
        print(line.append("  ").append(speed()).toString());
        terminal.orElseThrow().flush();
    }

    /** Redraws the line, blanking what is left of a longer earlier one. */
    private void print(String line) {
        terminal.orElseThrow().print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        lastLength = line.length();
    }

    /** Speed of this run only: resumed bytes came earlier and would overstate it. */
    private String speed() {
        double seconds = Math.max(nanoClock.getAsLong() - start, 1) / 1e9;
        return bytes((long) (received / seconds)) + "/s";
    }

    /** A size with decimal units, as download tools show it: {@code 523.7 MB}. */
    static String bytes(long count) {
        String[] units = {"B", "kB", "MB", "GB", "TB"};
        double value = count;
        int unit = 0;
        while (value >= 1000 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        return unit == 0 ? count + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
