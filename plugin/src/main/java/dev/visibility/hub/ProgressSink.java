package dev.visibility.hub;

import java.io.PrintStream;
import java.util.Optional;

/**
 * Where downloads report what they do. A build hands in its logger, so that progress reaches the log the build
 * already keeps; a command line on a terminal also offers the terminal, where a progress bar redraws one line in
 * place.
 */
@FunctionalInterface
public interface ProgressSink {
    /** Reports one complete line, such as the start and the end of a download. */
    void line(String text);

    /** The terminal to redraw a progress bar on, if there is one; a log gets whole lines only. */
    default Optional<PrintStream> terminal() {
        return Optional.empty();
    }

    /** A sink that draws progress bars on {@code terminal} and writes lines there too. */
    static ProgressSink onTerminal(PrintStream terminal) {
        return new ProgressSink() {
            @Override
            public void line(String text) {
                terminal.println(text);
            }

            @Override
            public Optional<PrintStream> terminal() {
                return Optional.of(terminal);
            }
        };
    }
}
