package dev.visibility.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The peak resident memory of this process, Java heap and native PyTorch memory together. */
final class PeakMemory {
    private PeakMemory() {
    }

    /** The high-water mark of the resident set in GB, from Linux's {@code /proc/self/status}; NaN elsewhere. */
    static double gigabytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: reported as unknown
        }
        return Double.NaN;
    }
}
