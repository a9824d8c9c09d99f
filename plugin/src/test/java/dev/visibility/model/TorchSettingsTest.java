package dev.visibility.model;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the engine's native libraries will read from the process's environment, and when the bundled CPU library
 * is hidden from DJL so that it downloads the flavor the user asked for.
 */
class TorchSettingsTest {
    @Test
    void theNativeLibrariesAreToldToSleepWhenIdleAndToUseHugePagesUnlessTheUserChose() {
        assertEquals(Map.of("OMP_WAIT_POLICY", "PASSIVE", "THP_MEM_ALLOC_ENABLE", "1"),
                TorchSettings.environmentSettings(Map.of(), "Linux"));
        assertEquals(Map.of("OMP_WAIT_POLICY", "PASSIVE"),
                TorchSettings.environmentSettings(Map.of("THP_MEM_ALLOC_ENABLE", "0"), "Mac OS X"));
        assertEquals(Map.of(), TorchSettings.environmentSettings(Map.of(), "Windows 11"), "Windows has no setenv");
    }

    @Test
    void djlsCudaProbeIsQuietWithTheCpuBuildOnly() {
        assertTrue(TorchSettings.quietsCudaProbe(""));
        assertTrue(TorchSettings.quietsCudaProbe("cpu-precxx11"));
        assertFalse(TorchSettings.quietsCudaProbe("cu124"), "a user who asked for a GPU needs to hear why it fails");
    }

    @Test
    void configuringTheEngineQuietsTheCudaProbeOfTheCpuBuild() {
        TorchSettings.configure(1);

        assertEquals("error", System.getProperty(TorchSettings.CUDA_PROBE_LOG_LEVEL));
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
