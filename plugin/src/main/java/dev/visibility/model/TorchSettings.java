package dev.visibility.model;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import com.sun.jna.Library;
import com.sun.jna.Native;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Settings of the PyTorch engine, which take effect only if made before the first model is loaded.
 *
 * <p>{@link #configure} changes the JVM and its process, so only the program's entry points call it: the command
 * line's commands and the JBake adapter when a bake starts. A library never does. Two JVM-wide system properties
 * are set, both read only by DJL's PyTorch engine:
 * {@code ai.djl.pytorch.num_threads} (the user's thread count) and {@code ai.djl.pytorch.num_interop_threads}
 * (one: the engine runs one operation at a time). Nothing else of the host's JVM is changed; in particular DJL's
 * global {@code ai.djl.offline} is left to the user, and so is the choice of native library (see
 * {@link BundledNatives}).
 */
public final class TorchSettings {
    /** The C library's {@code setenv}, to set what OpenMP and PyTorch read when PyTorch's native library loads. */
    private interface C extends Library {
        int setenv(String name, String value, int overwrite);
    }

    private TorchSettings() {
    }

    /**
     * Uses {@code threads} intra-op threads. Unless the user chose otherwise, two variables of the process's
     * environment are also set, where the C library has {@code setenv} (Linux, macOS; on Windows, set them
     * yourself):
     * <ul>
     *     <li>{@code OMP_WAIT_POLICY=PASSIVE}: OpenMP's idle threads sleep instead of spinning. With spinning
     *     threads, the tiny test model took 2.5 s instead of 0.1 s on 2 cores while another process was busy.</li>
     *     <li>{@code THP_MEM_ALLOC_ENABLE=1}: PyTorch asks Linux for transparent huge pages for its arrays of 2 MB
     *     and more, so that a model's weights take one page fault per 2 MB instead of per 4 KB. Loading Llama 3.2
     *     1B's float32 weights took 7.9 s instead of 13.7 s on a virtual machine where page faults are slow. Other
     *     systems ignore it.</li>
     * </ul>
     */
    public static void configure(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        Map<String, String> settings = environmentSettings(System.getenv(), System.getProperty("os.name"));
        if (!settings.isEmpty()) {
            C c = Native.load("c", C.class);
            settings.forEach((name, value) -> c.setenv(name, value, 0));
        }
    }

    /**
     * The variables {@link #configure} sets in the process's environment: those the user has not set, where the C
     * library has {@code setenv} (not on Windows).
     */
    static Map<String, String> environmentSettings(Map<String, String> environment, String osName) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (!osName.toLowerCase(Locale.ROOT).startsWith("win")) {
            Map.of("OMP_WAIT_POLICY", "PASSIVE", "THP_MEM_ALLOC_ENABLE", "1").forEach((name, value) -> {
                if (!environment.containsKey(name)) {
                    settings.put(name, value);
                }
            });
        }
        return settings;
    }

    /**
     * Makes sure that DJL will not download a native library unless the user asked for one; call it before the
     * first model loads. It changes nothing outside the engine.
     *
     * @throws ModelLoadException if this build has no native library for this platform and the user chose none
     */
    public static void requireNatives() throws ModelLoadException {
        Map<String, String> environment = System.getenv();
        String choice = BundledNatives.userChoice(environment);
        if (choice == null) {
            BundledNatives.requireFor(BundledNatives.platform(System.getProperty("os.name"),
                    System.getProperty("os.arch")), contextLoader());
        } else if (downloadsAnotherFlavor(choice, flavor(environment))) {
            startEngineWithoutBundledNatives(flavor(environment));
        }
    }

    /**
     * Whether DJL must download the library: a non-CPU {@code PYTORCH_FLAVOR} (with or without
     * {@code PYTORCH_VERSION}), unless {@code PYTORCH_LIBRARY_PATH} names a library on disk.
     *
     * @param choice the first of DJL's variables that the user set ({@link BundledNatives#userChoice})
     */
    static boolean downloadsAnotherFlavor(String choice, String flavor) {
        return !choice.equals("PYTORCH_LIBRARY_PATH") && !flavor.isEmpty() && !flavor.startsWith("cpu");
    }

    /** The default thread count: one per available core. */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    private static String flavor(Map<String, String> environment) {
        return System.getProperty("PYTORCH_FLAVOR", environment.getOrDefault("PYTORCH_FLAVOR", ""))
                .trim().toLowerCase(Locale.ROOT);
    }

    /**
     * Starts DJL's PyTorch engine while the bundled CPU library is hidden from it. DJL prefers a bundled library
     * to {@code PYTORCH_FLAVOR}, which it reads only when it downloads one; hidden, it downloads the flavor the
     * user asked for (a CUDA build for a GPU, say).
     *
     * @throws ModelLoadException if DJL cannot provide that flavor, with DJL's reason
     */
    private static void startEngineWithoutBundledNatives(String flavor) throws ModelLoadException {
        Thread thread = Thread.currentThread();
        ClassLoader original = thread.getContextClassLoader();
        thread.setContextClassLoader(new WithoutBundledNatives(contextLoader()));
        try {
            Engine.getEngine("PyTorch");
        } catch (EngineException e) {
            String cause = e.getCause() != null ? " (" + e.getCause().getMessage() + ")" : "";
            throw new ModelLoadException("PYTORCH_FLAVOR=" + flavor + " is set, and DJL cannot provide that PyTorch: "
                    + e.getMessage() + cause + ". DJL downloads it into its cache (~/.djl.ai unless DJL_CACHE_DIR is"
                    + " set) on first use, so that needs the network once; unset PYTORCH_FLAVOR to use the bundled CPU"
                    + " library", e);
        } finally {
            thread.setContextClassLoader(original);
        }
    }

    private static ClassLoader contextLoader() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return loader != null ? loader : TorchSettings.class.getClassLoader();
    }

    /** A class loader that does not show the bundled native library's description. */
    static final class WithoutBundledNatives extends ClassLoader {
        WithoutBundledNatives(ClassLoader parent) {
            super(parent);
        }

        @Override
        public URL getResource(String name) {
            return name.equals(BundledNatives.PROPERTIES) ? null : super.getResource(name);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            return name.equals(BundledNatives.PROPERTIES) ? Collections.emptyEnumeration() : super.getResources(name);
        }
    }
}
