package dev.visibility.hub;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Hugging Face environment variables, read the way {@code huggingface_hub} reads them so that Python tools
 * and this plugin agree on the cache and the credentials.
 *
 * @param endpoint    {@code HF_ENDPOINT}, without a trailing slash
 * @param cacheRoot   {@code HF_HUB_CACHE}, else {@code HF_HOME/hub}, else {@code ~/.cache/huggingface/hub}
 * @param token       {@code HF_TOKEN}, else the token file that {@code hf auth login} writes
 * @param offline     {@code HF_HUB_OFFLINE} is one of 1, true, yes, on
 * @param userCache   {@code XDG_CACHE_HOME}, else {@code ~/.cache}: where this plugin keeps its own small files
 * @param home        {@code HOME}, as Python reads it, else the JVM's {@code user.home}
 */
record HubSettings(URI endpoint, Path cacheRoot, Optional<String> token, boolean offline, Path userCache,
                   Path home) {
    static final String DEFAULT_ENDPOINT = "https://huggingface.co";
    private static final Set<String> TRUE_VALUES = Set.of("1", "true", "yes", "on");

    static HubSettings from(Map<String, String> env) {
        Path home = Path.of(env.getOrDefault("HOME", System.getProperty("user.home")));
        Path userCache = Path.of(env.getOrDefault("XDG_CACHE_HOME", home.resolve(".cache").toString()));
        Path hfHome = Path.of(env.getOrDefault("HF_HOME", userCache.resolve("huggingface").toString()));
        Path cacheRoot = Path.of(env.getOrDefault("HF_HUB_CACHE", hfHome.resolve("hub").toString()));
        String endpoint = env.getOrDefault("HF_ENDPOINT", DEFAULT_ENDPOINT).replaceAll("/+$", "");
        boolean offline = TRUE_VALUES.contains(env.getOrDefault("HF_HUB_OFFLINE", "").trim().toLowerCase(Locale.ROOT));
        Path tokenFile = Path.of(env.getOrDefault("HF_TOKEN_PATH", hfHome.resolve("token").toString()));
        Optional<String> token = nonBlank(env.get("HF_TOKEN")).or(() -> readToken(tokenFile));
        return new HubSettings(URI.create(endpoint), cacheRoot, token, offline, userCache, home);
    }

    private static Optional<String> readToken(Path tokenFile) {
        try {
            return Files.isRegularFile(tokenFile)
                    ? nonBlank(Files.readString(tokenFile, StandardCharsets.UTF_8))
                    : Optional.empty();
        } catch (IOException unreadable) {
            // Like huggingface_hub: an unreadable token file means "not logged in", not a failed build.
            return Optional.empty();
        }
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
    }
}
