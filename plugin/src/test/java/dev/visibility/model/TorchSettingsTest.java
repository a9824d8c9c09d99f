package dev.visibility.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When the bundled CPU library is hidden from DJL so that it downloads the flavor the user asked for. */
class TorchSettingsTest {
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
