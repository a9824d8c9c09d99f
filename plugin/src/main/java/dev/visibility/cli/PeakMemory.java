package dev.visibility.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The resident memory of this process, Java heap and native PyTorch memory together (Linux only), in GB of 10⁹
 * bytes, the unit in which the hub states file sizes.
 */
final class PeakMemory {
    private PeakMemory() {
    }

    /** The high-water mark of the resident set in GB, from Linux's {@code /proc/self/status}; NaN elsewhere. */
    static double gigabytes() {
        return status("VmHWM:");
    }

    /** The resident set now, in GB; NaN where unknown. */
    static double residentGigabytes() {
        return status("VmRSS:");
    }

    /**
     * Lowers the high-water mark to the resident set now, so that a later {@link #gigabytes} measures from here
     * (Linux 4.0 and later: writing 5 to {@code /proc/self/clear_refs}). Returns whether that worked.
     */
    static boolean reset() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    private static double status(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024 / 1e9; // the kernel counts in KiB
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: reported as unknown
        }
        return Double.NaN;
    }
}
