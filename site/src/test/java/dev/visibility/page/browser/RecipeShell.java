package dev.visibility.page.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs shell commands as a reader of the README would: in bash, in a given folder, stopping at the first failing
 * command. Its output goes to a file outside that folder (a site generator would publish it) and into the failure
 * message, so that a broken recipe says what went wrong.
 */
final class RecipeShell {
    private final Path folder;
    private final Map<String, String> environment;

    /**
     * @param folder      where the commands run
     * @param environment variables to set besides the test's own environment
     */
    RecipeShell(Path folder, Map<String, String> environment) {
        this.folder = folder;
        this.environment = environment;
    }

    /**
     * Runs {@code script} and returns what it printed; fails the test, with that output, if it exits with another
     * code than 0 or runs too long.
     */
    String run(String what, String script, Duration timeout) {
        try {
            Path output = Files.createTempFile("visibility-recipe", ".log");
            try {
                ProcessBuilder builder = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
                        .directory(folder.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
                builder.environment().putAll(environment);
                Process process = builder.start();
                if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor();
                    throw new AssertionError(what + " ran longer than " + timeout.toSeconds() + " s in " + folder
                            + ":\n" + Files.readString(output));
                }
                if (process.exitValue() != 0) {
                    throw new AssertionError(what + " exited with " + process.exitValue() + " in " + folder + ":\n"
                            + script + "\n" + Files.readString(output));
                }
                return Files.readString(output);
            } finally {
                Files.delete(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(what + " was interrupted", e);
        }
    }

    /** Whether {@code command} is an executable on the {@code PATH}. */
    static boolean installed(String command) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty()).anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }
}
