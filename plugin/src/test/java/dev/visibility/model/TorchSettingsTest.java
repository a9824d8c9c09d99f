package dev.visibility.model;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the engine's native libraries will read from the process's environment, and when the bundled CPU library
 * is hidden from DJL so that it downloads the flavor the user asked for.
 */
class TorchSettingsTest {
    /** The C library's {@code getenv}: Java's own view of the environment is a copy taken at start-up. */
    private interface C extends Library {
        String getenv(String name);
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void theNativeLibrariesAreToldToSleepWhenIdleAndToUseHugePagesUnlessTheUserChose() {
        TorchSettings.configure(TorchSettings.defaultThreads());

        C c = Native.load("c", C.class);
        assertEquals(System.getenv().getOrDefault("OMP_WAIT_POLICY", "PASSIVE"), c.getenv("OMP_WAIT_POLICY"));
        assertEquals(System.getenv().getOrDefault("THP_MEM_ALLOC_ENABLE", "1"), c.getenv("THP_MEM_ALLOC_ENABLE"));
    }

    @Test
    void aGpuFlavorIsDownloadedWhateverOtherVariableComesFirst() {
        assertTrue(TorchSettings.downloadsAnotherFlavor("PYTORCH_FLAVOR", "cu124"));
        assertTrue(TorchSettings.downloadsAnotherFlavor("PYTORCH_VERSION", "cu124"), "version and flavor together");
    }

    @Test
    void aCpuFlavorALibraryOnDiskOrAVersionAloneKeepDjlsOwnRules() {
        assertFalse(TorchSettings.downloadsAnotherFlavor("PYTORCH_FLAVOR", "cpu"));
        assertFalse(TorchSettings.downloadsAnotherFlavor("PYTORCH_LIBRARY_PATH", "cu124"));
        assertFalse(TorchSettings.downloadsAnotherFlavor("PYTORCH_VERSION", ""));
    }
}
