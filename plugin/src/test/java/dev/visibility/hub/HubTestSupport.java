package dev.visibility.hub;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Locators wired to a temporary cache and a loopback hub, with its progress output captured. */
final class HubTestSupport {
    final Path cache;
    final Path home;
    final Map<String, String> env = new HashMap<>();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    HubTestSupport(Path temp, URI endpoint) {
        this.cache = temp.resolve("hub-cache");
        this.home = temp.resolve("home");
        // HOME too, so that nothing of the real user's (token file, caches) is read or written.
        env.put("HOME", home.toString());
        env.put("HF_HUB_CACHE", cache.toString());
        env.put("HF_ENDPOINT", endpoint.toString());
    }

    /** Download progress, as plain lines into {@link #output}. */
    private ProgressSink progress() {
        return new PrintStream(output, true, StandardCharsets.UTF_8)::println;
    }

    ModelLocator locator() {
        return new ModelLocator(env, progress());
    }

    /** The model with its weights, as computing needs it. */
    LocatedModel locate(String model) throws ModelNotAvailableException {
        LocatedModel located = locator().locate(model);
        located.folderWithWeights();
        return located;
    }

    /** The model as a cache hit needs it: configuration and tokenizer. */
    LocatedModel locateWithoutWeights(String model) throws ModelNotAvailableException {
        return locator().locate(model);
    }

    LocatedDataset locateDataset(String dataset, String split) throws ModelNotAvailableException {
        return new DatasetLocator(env, progress()).locate(dataset, split);
    }

    String output() {
        return output.toString(StandardCharsets.UTF_8);
    }
}
