package dev.visibility.jbake;

import dev.visibility.TestModels;
import org.jbake.app.configuration.JBakeConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jbake.properties} and the environment, read as a bake reads them, without baking. */
class SiteSettingsTest {
    @TempDir
    Path folder;

    private JBakeConfiguration configuration(String extra) {
        return new TestSite(folder, "cache").properties(extra).configuration(report -> { });
    }

    @Test
    void anUnknownKeyIsReportedWithTheKnownOnes() {
        VisibilityBuildException error = assertThrows(VisibilityBuildException.class,
                () -> SiteSettings.read(configuration("visibility.modle=gpt2"), Map.of()));

        assertTrue(error.getMessage().startsWith("jbake.properties: unknown key visibility.modle; the visibility keys"
                + " are visibility.model, visibility.cache, "), error.getMessage());
    }

    @Test
    void aBadValueIsReportedWithItsKey() {
        VisibilityBuildException error = assertThrows(VisibilityBuildException.class,
                () -> SiteSettings.read(configuration("visibility.max.tokens=0"), Map.of()));

        assertEquals("jbake.properties: visibility.max.tokens=0: expected a whole number from 1 up", error.getMessage());
    }

    @Test
    void aRelativeCacheIsTakenFromTheSitesFolder() {
        SiteSettings settings = SiteSettings.read(configuration(""), Map.of());

        assertEquals(folder.resolve("site/cache"), settings.cacheFolder());
    }

    @Test
    void theModelVariableReplacesEveryModel() {
        SiteSettings settings = SiteSettings.read(configuration(""), Map.of("VISIBILITY_MODEL", " elsewhere "));

        assertEquals(TestModels.tinyGpt2().toString(), settings.defaults().model());
        assertEquals("elsewhere", settings.defaults().modelOverride());
    }

    @Test
    void anotherToolsSystemPropertyIsNoTypoOfTheSite() {
        assertDoesNotThrow(() -> withSystemProperty("visibility.fuzz.seed", "7",
                () -> SiteSettings.read(configuration(""), Map.of())));
    }

    /**
     * JBake reads JVM system properties as keys that {@code jbake.properties} leaves out: the example blog's POM
     * gives a build with a stand-in model its heatmap cache under {@code target/} this way.
     */
    @Test
    void aSystemPropertySetsAKeyThatTheFileLeavesOut() {
        SiteSettings settings = withSystemProperty(SiteSettings.THREADS, "3",
                () -> SiteSettings.read(configuration(""), Map.of()));

        assertEquals(3, settings.threads());
    }

    /**
     * Runs {@code body} with the system property {@code key} set to {@code value}, then puts back what was there
     * before, clearing it only if it was unset: the README replays a fuzz test with {@code -Dvisibility.fuzz.seed=N},
     * and a test that cleared the property would silently drop that seed for every test after it.
     */
    private static <T> T withSystemProperty(String key, String value, Supplier<T> body) {
        String previous = System.setProperty(key, value);
        try {
            return body.get();
        } finally {
            if (previous == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, previous);
            }
        }
    }
}
