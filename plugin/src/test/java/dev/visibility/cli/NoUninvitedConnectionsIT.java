package dev.visibility.cli;

import dev.visibility.TestModels;
import dev.visibility.hub.FakeHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run of the command line contacts nothing but the hub it was given: in particular not the cloud metadata
 * address that DJL's usage tracking asks when an engine starts. The run happens in a fresh JVM whose environment
 * does not opt out, since DJL checks in once per JVM and the test JVM is told to opt out by the build.
 */
class NoUninvitedConnectionsIT {
    @Test
    void computingWithALocalModelConnectsNowhere(@TempDir Path temp) throws Exception {
        // The hub is a loopback port nobody listens on: a local model must not need it either.
        Recorded run = compute(temp, TestModels.tinyGpt2().toString(), URI.create("http://127.0.0.1:9"));

        assertEquals(List.of(), run.connections(), () -> "connections attempted; the log: " + run.log());
        assertEquals(0, run.code(), () -> "the run failed: " + run.log());
    }

    @Test
    void computingWithAHubModelConnectsOnlyToTheHub(@TempDir Path temp) throws Exception {
        try (FakeHub hub = new FakeHub()) {
            String address = hub.endpoint().getHost() + ":" + hub.endpoint().getPort();

            Recorded run = compute(temp, "tiny/gpt2", hub.endpoint());

            assertEquals(0, run.code(), () -> "the run failed: " + run.log());
            assertFalse(hub.requests().isEmpty(), "the model came from the hub");
            // Port -1 is the resolver's check before a connection: the hub's own name may be looked up.
            List<String> others = run.connections().stream()
                    .filter(seen -> !seen.equals(hub.endpoint().getHost() + ":-1")).distinct().toList();
            assertEquals(List.of(address), others, () -> "connections other than the hub's; the log: " + run.log());
        }
    }

    private record Recorded(int code, List<String> connections, String log) {
    }

    /** Computes one text in a fresh JVM under the {@link Recorder}, which lets through only the hub's address. */
    private static Recorded compute(Path temp, String model, URI hub) throws Exception {
        Path connections = temp.resolve("connections.txt");
        Path log = temp.resolve("log.txt");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Djava.security.manager=allow", "-Dvisibility.test.connections=" + connections,
                "-Dvisibility.test.allowed=" + hub.getHost() + ":" + hub.getPort(),
                Recorder.class.getName(), "compute", "--model", model,
                "--text", "<|endoftext|>The cat sat on the mat.", "--out", temp.resolve("g.json").toString(),
                "--cache", temp.resolve("cache").toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // VISIBILITY_MODEL would replace --model: the build sets it for the example blog.
        builder.environment().keySet().removeAll(
                List.of("OPT_OUT_TRACKING", "DJL_OFFLINE", "HF_TOKEN", "VISIBILITY_MODEL"));
        builder.environment().put("HOME", temp.resolve("home").toString());
        builder.environment().put("XDG_CACHE_HOME", temp.resolve("xdg").toString());
        builder.environment().put("HF_HUB_CACHE", temp.resolve("hf").toString());
        builder.environment().put("HF_ENDPOINT", hub.toString());
        Process process = builder.start();
        assertTrue(process.waitFor(3, TimeUnit.MINUTES), "the run finished");
        return new Recorded(process.exitValue(), Files.readAllLines(connections), read(log));
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
     * connect to (sockets, URL connections and the HTTP client all ask it first; port -1 is a name lookup) and
     * refuses each but the hub's ({@code visibility.test.allowed}), so that nothing else leaves the machine even
     * when something tries.
     * Everything else is allowed.
     */
    public static final class Recorder {
        @SuppressWarnings("removal") // the one hook that sees every connection a JVM makes, kept for tests like this
        public static void main(String[] args) throws IOException {
            List<String> seen = Collections.synchronizedList(new ArrayList<>());
            String allowed = System.getProperty("visibility.test.allowed");
            System.setSecurityManager(new SecurityManager() {
                @Override
                public void checkConnect(String host, int port) {
                    seen.add(host + ":" + port);
                    boolean toTheHub = (host + ":" + port).equals(allowed)
                            || port == -1 && allowed.startsWith(host + ":");
                    if (!toTheHub) {
                        throw new SecurityException("connections are refused in this test: " + host + ":" + port);
                    }
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
