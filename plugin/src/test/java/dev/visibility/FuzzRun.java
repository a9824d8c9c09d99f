package dev.visibility;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One fuzz campaign: a seeded {@link Random}, a time budget, and the tally of its cases. Each case ends read
 * (the right result), refused (with a clear message), or wrong; the campaign fails with every wrong case and the
 * seed that replays it.
 *
 * <p>{@code -Dvisibility.fuzz.seed=N} and {@code -Dvisibility.fuzz.seconds=S} replay or lengthen a run.
 */
public final class FuzzRun {
    /** How long one case may take before it counts as a hang. */
    private static final Duration PER_CASE = Duration.ofSeconds(20);

    private final String name;
    private final long seed;
    private final Duration budget;
    private final long deadline;
    private final Random random;
    private final List<String> failures = new ArrayList<>();
    private int cases;
    private int read;
    private int refused;
    private int wrong;

    private FuzzRun(String name, long seed, Duration budget) {
        this.name = name;
        this.seed = seed;
        this.budget = budget;
        this.deadline = System.nanoTime() + budget.toNanos();
        this.random = new Random(seed);
    }

    /** A campaign with the seed and seconds of the system properties, or these defaults. */
    public static FuzzRun start(String name, long defaultSeed, long defaultSeconds) {
        return new FuzzRun(name, Long.getLong("visibility.fuzz.seed", defaultSeed),
                Duration.ofSeconds(Long.getLong("visibility.fuzz.seconds", defaultSeconds)));
    }

    public Random random() {
        return random;
    }

    /** Whether the budget leaves time for another case. */
    public boolean more() {
        return System.nanoTime() < deadline;
    }

    /** Runs one case on another thread; a case that outlasts its limit fails the test as a hang. */
    public <T> T within(String description, Supplier<T> work) {
        return assertTimeoutPreemptively(PER_CASE, work::get, () -> "seed " + seed + ", hangs: " + description);
    }

    /** The case gave the right result. */
    public void read() {
        cases++;
        read++;
    }

    /** The case was refused with a clear message. */
    public void refused() {
        cases++;
        refused++;
    }

    /** The case went wrong: what was done, and what came of it. */
    public void wrong(String description, String what) {
        cases++;
        wrong++;
        failures.add(description + ": " + what);
    }

    /** A further check of a case already counted failed, such as what it left in its folder. */
    public void alsoWrong(String description, String what) {
        failures.add(description + ": " + what);
    }

    /** Prints the tally and fails with every wrong case, or if too few cases ran to mean anything. */
    public void finish(int minimumCases) {
        System.out.printf("%s fuzz, seed %d: %d cases: %d read, %d refused with a clear message, %d wrong;"
                + " %d failures in all%n", name, seed, cases, read, refused, wrong, failures.size());
        failures.stream().limit(40).forEach(failure -> System.out.println("  wrong: " + failure));
        assertTrue(cases >= minimumCases, "only " + cases + " cases ran in " + budget);
        assertEquals(List.of(), failures, "seed " + seed);
    }

    public <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /**
     * Whether {@code message} is one clear line for a user: no line break, and none of the Java or parser
     * internals (class names, JSON paths, the parser's links) that a stack trace or a library's message carries.
     */
    public static boolean isOneClearLine(String message) {
        return message != null && !message.isBlank() && !message.contains("\n") && !message.contains("Exception")
                && !message.contains("gson") && !message.contains(" path $")
                && !message.contains("\tat ");
    }
}
