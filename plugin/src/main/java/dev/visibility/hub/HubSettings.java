package dev.visibility.hub;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * @param downloadTimeout {@code HF_HUB_DOWNLOAD_TIMEOUT}: how long a download may wait for its answer or go
 *                        without receiving a byte
 */
record HubSettings(URI endpoint, Path cacheRoot, Optional<String> token, boolean offline, Path userCache,
                   Path home, Duration downloadTimeout) {
    static final String DEFAULT_ENDPOINT = "https://huggingface.co";
    private static final Set<String> TRUE_VALUES = Set.of("1", "true", "yes", "on");
    /** huggingface_hub's default for HF_HUB_DOWNLOAD_TIMEOUT. */
    private static final Duration DEFAULT_DOWNLOAD_TIMEOUT = Duration.ofSeconds(10);

    /** Reads {@code env}; a variable set to the empty string counts as unset, as in huggingface_hub. */
    static HubSettings from(Map<String, String> env) {
        Path home = Path.of(value(env, "HOME").orElse(System.getProperty("user.home")));
        Path userCache = Path.of(value(env, "XDG_CACHE_HOME").orElse(home.resolve(".cache").toString()));
        Path hfHome = Path.of(value(env, "HF_HOME").orElse(userCache.resolve("huggingface").toString()));
        Path cacheRoot = Path.of(value(env, "HF_HUB_CACHE").orElse(hfHome.resolve("hub").toString()));
        String endpoint = value(env, "HF_ENDPOINT").orElse(DEFAULT_ENDPOINT).replaceAll("/+$", "");
        boolean offline = TRUE_VALUES.contains(value(env, "HF_HUB_OFFLINE").orElse("").trim().toLowerCase(Locale.ROOT));
        Path tokenFile = Path.of(value(env, "HF_TOKEN_PATH").orElse(hfHome.resolve("token").toString()));
        Optional<String> token = nonBlank(env.get("HF_TOKEN")).or(() -> readToken(tokenFile));
        return new HubSettings(URI.create(endpoint), cacheRoot, token, offline, userCache, home,
                downloadTimeout(value(env, "HF_HUB_DOWNLOAD_TIMEOUT")));
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isEmpty());
    }

    /** Whole or fractional seconds; anything else keeps the default, which is what a typo most likely meant. */
    private static Duration downloadTimeout(Optional<String> seconds) {
        return seconds.filter(s -> s.trim().matches("\\d{1,6}(\\.\\d{1,3})?"))
                .map(s -> Duration.ofMillis(Math.round(Double.parseDouble(s.trim()) * 1000)))
                .filter(timeout -> !timeout.isZero())
                .orElse(DEFAULT_DOWNLOAD_TIMEOUT);
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
