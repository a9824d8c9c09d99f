package dev.visibility.model;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Settings of the PyTorch engine, which take effect only if made before the first model is loaded.
 */
public final class TorchSettings {
    /** The C library's {@code setenv}, to set what OpenMP reads when PyTorch's native library loads. */
    private interface C extends Library {
        int setenv(String name, String value, int overwrite);
    }

    private TorchSettings() {
    }

    /**
     * Uses {@code threads} intra-op threads, and fails loudly instead of downloading a native library when the
     * bundled one cannot be used.
     *
     * <p>Unless the user chose otherwise, OpenMP's idle threads are also told to sleep instead of spinning. With
     * spinning threads, the tiny test model took 2.5 s instead of 0.1 s on 2 cores while another process was busy.
     */
    public static void configure(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        System.setProperty("ai.djl.offline", "true");
        if (System.getenv("OMP_WAIT_POLICY") == null) {
            Native.load("c", C.class).setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
        }
    }

    /** The default thread count: one per available core. */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }
}
