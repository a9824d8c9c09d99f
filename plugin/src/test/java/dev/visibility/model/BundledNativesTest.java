package dev.visibility.model;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The check that keeps DJL from downloading a native library nobody asked for, and the GPU user's way out. */
class BundledNativesTest {
    private static final ClassLoader LOADER = BundledNativesTest.class.getClassLoader();

    @Test
    void platformsAreNamedAsDjlsNativeJarsNameThem() {
        assertEquals("linux-x86_64", BundledNatives.platform("Linux", "amd64"));
        assertEquals("linux-aarch64", BundledNatives.platform("Linux", "aarch64"));
        assertEquals("osx-aarch64", BundledNatives.platform("Mac OS X", "aarch64"));
        assertEquals("win-x86_64", BundledNatives.platform("Windows 11", "amd64"));
    }

    @Test
    void theBuildBundlesTheNativesOfThePlatformItRunsOn() {
        String here = BundledNatives.platform(System.getProperty("os.name"), System.getProperty("os.arch"));

        assertDoesNotThrow(() -> BundledNatives.requireFor(here, LOADER));
    }

    @Test
    void anotherPlatformGetsAMessageInsteadOfADownload() {
        String here = BundledNatives.platform(System.getProperty("os.name"), System.getProperty("os.arch"));

        ModelLoadException failure = assertThrows(ModelLoadException.class,
                () -> BundledNatives.requireFor("solaris-sparcv9", LOADER));

        assertEquals("this build bundles PyTorch only for " + here + ", not for solaris-sparcv9. Build the plugin"
                + " (or the blog) with Maven on this platform, which picks its natives (linux-x86_64, linux-aarch64,"
                + " osx-aarch64, win-x86_64), or set PYTORCH_LIBRARY_PATH to a libtorch 2.7.1 folder, or"
                + " PYTORCH_FLAVOR (e.g. cpu) to let DJL download one", failure.getMessage());
    }

    @Test
    void djlsOwnVariablesLeaveTheChoiceToDjl() {
        assertNull(BundledNatives.userChoice(Map.of("PATH", "/bin")));
        assertEquals("PYTORCH_FLAVOR", BundledNatives.userChoice(Map.of("PYTORCH_FLAVOR", "cu124")));
        assertEquals("PYTORCH_LIBRARY_PATH", BundledNatives.userChoice(Map.of("PYTORCH_LIBRARY_PATH", "/opt/libtorch")));
        assertNull(BundledNatives.userChoice(Map.of("PYTORCH_VERSION", " ")), "blank is unset");
    }

    @Test
    void aGpuFlavorIsHonouredByHidingTheBundledCpuLibraryFromDjl() throws Exception {
        ClassLoader hiding = new TorchSettings.WithoutBundledNatives(LOADER);

        assertTrue(LOADER.getResources(BundledNatives.PROPERTIES).hasMoreElements(), "bundled");
        assertFalse(hiding.getResources(BundledNatives.PROPERTIES).hasMoreElements(), "hidden");
        assertNull(hiding.getResource(BundledNatives.PROPERTIES));
        assertEquals(Collections.list(LOADER.getResources("pytorch-engine.properties")),
                Collections.list(hiding.getResources("pytorch-engine.properties")), "everything else is visible");
    }
}
