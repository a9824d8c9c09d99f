package dev.visibility.cli;

import dev.visibility.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Permission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run of the command line contacts nothing but the hub it was given: in particular not the cloud metadata
 * address that DJL's usage tracking asks when an engine starts. The run happens in a fresh JVM whose environment
 * does not opt out, since DJL checks in once per JVM and the test JVM is told to opt out by the build.
 */
class NoUninvitedConnectionsTest {
    @Test
    void computingWithALocalModelConnectsNowhere(@TempDir Path temp) throws Exception {
        Path connections = temp.resolve("connections.txt");
        Path log = temp.resolve("log.txt");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Djava.security.manager=allow", "-Dvisibility.test.connections=" + connections,
                Recorder.class.getName(), "compute", "--model", TestModels.tinyGpt2().toString(),
                "--text", "<|endoftext|>The cat sat on the mat.", "--out", temp.resolve("g.json").toString(),
                "--cache", temp.resolve("cache").toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeAll(List.of("OPT_OUT_TRACKING", "DJL_OFFLINE"));
        builder.environment().put("XDG_CACHE_HOME", temp.resolve("xdg").toString());
        builder.environment().put("HF_HUB_CACHE", temp.resolve("hf").toString());
        // The hub is a loopback port nobody listens on: a local model must not need it either.
        builder.environment().put("HF_ENDPOINT", "http://127.0.0.1:9");
        Process process = builder.start();
        assertTrue(process.waitFor(3, TimeUnit.MINUTES), "the run finished");
        assertEquals(List.of(), Files.readAllLines(connections), () -> "connections attempted; the log: " + read(log));
        assertEquals(0, process.exitValue(), () -> "the run failed: " + read(log));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /**
     * Runs the command line under a security manager that writes down every host and port that Java code asks to
     * connect to (sockets, URL connections and the HTTP client all ask it first) and refuses each, so that nothing
     * leaves the machine even when something tries. Everything else is allowed.
     */
    public static final class Recorder {
        @SuppressWarnings("removal") // the one hook that sees every connection a JVM makes, kept for tests like this
        public static void main(String[] args) throws IOException {
            List<String> seen = Collections.synchronizedList(new ArrayList<>());
            System.setSecurityManager(new SecurityManager() {
                @Override
                public void checkConnect(String host, int port) {
                    seen.add(host + ":" + port);
                    throw new SecurityException("connections are refused in this test: " + host + ":" + port);
                }

                @Override
                public void checkConnect(String host, int port, Object context) {
                    checkConnect(host, port);
                }

                @Override
                public void checkPermission(Permission permission) {
                }

                @Override
                public void checkPermission(Permission permission, Object context) {
                }
            });
            int code;
            try {
                code = Main.run(Arrays.asList(args), System.getenv(), System.out,
                        new PrintStream(System.err, true, StandardCharsets.UTF_8));
            } finally {
                Files.write(Path.of(System.getProperty("visibility.test.connections")), seen);
            }
            System.exit(code);
        }
    }
}
