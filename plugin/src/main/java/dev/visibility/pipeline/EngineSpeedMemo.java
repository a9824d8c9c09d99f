package dev.visibility.pipeline;

import dev.visibility.io.MemoFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * This machine's {@link EngineSpeed}, remembered for a day in this plugin's cache folder. Measuring it takes about
 * 0.8 s in a command on this project's 2-core machine, the engine's start included, and it has to come before the
 * weights load; remembered, a command's estimate costs nothing and the engine starts while the weights are checked.
 *
 * <p>A memo holds what it was measured for: the operating system, architecture, cores, PyTorch threads and, where
 * the system says, the CPU's model. If any of them differs, or the memo is a day old or from the future, or it
 * cannot be read, the speed is measured again and the memo rewritten. The estimate is a guide: a machine whose load
 * has changed within the day gets the estimate of its earlier load.
 */
final class EngineSpeedMemo {
    static final Duration MAX_AGE = Duration.ofDays(1);
    /** Changes whenever the calibration measures differently, so that no old memo is taken for a new one. */
    private static final String FORMAT = "engine-speed 2";
    private static final Path CPU_INFO = Path.of("/proc/cpuinfo");

    private final Path folder;
    private final Clock clock;

    /** @param folder where memos are kept; it is made when the first one is written */
    EngineSpeedMemo(Path folder, Clock clock) {
        this.folder = folder;
        this.clock = clock;
    }

    /** The remembered speed for {@code threads}, or {@code measure}'s, which is then remembered. */
    EngineSpeed speed(int threads, Supplier<EngineSpeed> measure) {
        List<String> key = List.of(FORMAT, System.getProperty("os.name"), System.getProperty("os.arch"),
                Integer.toString(Runtime.getRuntime().availableProcessors()), Integer.toString(threads), cpuModel());
        MemoFile memo = new MemoFile(folder, String.join("\n", key), key);
        EngineSpeed remembered = memo.values(4).map(this::fresh).orElse(null);
        if (remembered != null) {
            return remembered;
        }
        EngineSpeed speed = measure.get();
        memo.remember(List.of(clock.instant().toString(), Double.toString(speed.matmulGflops()),
                Double.toString(speed.secondsPerFloat()), Double.toString(speed.secondsPerOperation())));
        return speed;
    }

    /** The speed in a memo's values (when, then the three numbers) if it is from the last day, else null. */
    private EngineSpeed fresh(List<String> values) {
        try {
            Duration age = Duration.between(Instant.parse(values.get(0)), clock.instant());
            if (age.isNegative() || age.compareTo(MAX_AGE) >= 0) {
                return null;
            }
            double[] numbers = new double[3];
            for (int i = 0; i < numbers.length; i++) {
                numbers[i] = Double.parseDouble(values.get(1 + i));
                if (!(numbers[i] > 0 && Double.isFinite(numbers[i]))) {
                    return null;
                }
            }
            return new EngineSpeed(numbers[0], numbers[1], numbers[2]);
        } catch (RuntimeException damaged) {
            // Written by hand or half-changed: measuring again is what the memo saves, nothing more.
            return null;
        }
    }

    /** The first {@code model name} of {@code /proc/cpuinfo} (Linux), or nothing where there is none. */
    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(CPU_INFO, StandardCharsets.UTF_8)) {
            return lines.filter(line -> line.startsWith("model name")).findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("");
        } catch (IOException | RuntimeException noCpuInfo) {
            return "";
        }
    }
}
