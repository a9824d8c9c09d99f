package dev.visibility.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One in-process run of the command line, as a shell would see it: {@link Main#run} with an environment of
 * {@code XDG_CACHE_HOME} and only the variables a test names, so that no run reads or fills the cache of the
 * machine's user. Shared with the
 * site's browser tests through the plugin's test jar.
 *
 * @param code the exit code
 * @param out  what the run printed on standard output
 * @param err  what the run printed on standard error
 */
public record CommandRun(int code, String out, String err) {
    /** Runs {@code args} with {@code xdgCache} as {@code XDG_CACHE_HOME}. */
    public static CommandRun run(Path xdgCache, List<String> args) {
        return run(xdgCache, Map.of(), args);
    }

    /** Runs {@code args} with {@code xdgCache} as {@code XDG_CACHE_HOME} and the variables of {@code more}. */
    public static CommandRun run(Path xdgCache, Map<String, String> more, List<String> args) {
        Map<String, String> environment = new HashMap<>(more);
        environment.put("XDG_CACHE_HOME", xdgCache.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, environment,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CommandRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs {@code args} with {@code xdgCache} as {@code XDG_CACHE_HOME}. */
    public static CommandRun run(Path xdgCache, String... args) {
        return run(xdgCache, List.of(args));
    }
}
