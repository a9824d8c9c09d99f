package dev.visibility.hub;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HubSettingsTest {
    @Test
    void anEmptyVariableCountsAsUnset() {
        HubSettings settings = HubSettings.from(Map.of("HOME", "/home/u", "HF_HOME", "", "HF_HUB_CACHE", "",
                "XDG_CACHE_HOME", "", "HF_ENDPOINT", ""));

        assertEquals(Path.of("/home/u/.cache/huggingface/hub"), settings.cacheRoot());
        assertEquals(HubSettings.DEFAULT_ENDPOINT, settings.endpoint().toString());
    }

    @Test
    void theDownloadTimeoutIsReadInSeconds() {
        assertEquals(Duration.ofMillis(2500), HubSettings.from(Map.of("HF_HUB_DOWNLOAD_TIMEOUT", "2.5"))
                .downloadTimeout());
        assertEquals(Duration.ofSeconds(10), HubSettings.from(Map.of()).downloadTimeout());
        assertEquals(Duration.ofSeconds(10), HubSettings.from(Map.of("HF_HUB_DOWNLOAD_TIMEOUT", "soon"))
                .downloadTimeout());
    }
}
