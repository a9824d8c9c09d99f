package dev.visibility.model;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The PyTorch native library that the build put on the class path ({@code pytorch-native-cpu} with the classifier
 * of the platform Maven ran on), checked against the platform this JVM runs on.
 *
 * <p>DJL looks for a bundled library whose platform matches and, when there is none, downloads one at run time.
 * This plugin promises that nothing is downloaded unless the user asks for it, so a missing match stops the build
 * with a message instead. A user who sets one of DJL's own variables ({@link #USER_CHOICES}) has chosen the
 * library themselves, and DJL's rules apply unchanged.
 */
final class BundledNatives {
    /** The description of a bundled library inside DJL's native jars. */
    static final String PROPERTIES = "native/lib/pytorch.properties";
    /** DJL's own variables that choose a native library (environment variable or system property). */
    static final List<String> USER_CHOICES = List.of("PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION", "PYTORCH_FLAVOR");
    private static final List<String> SUPPORTED = List.of("linux-x86_64", "linux-aarch64", "osx-aarch64", "win-x86_64");

    private BundledNatives() {
    }

    /** The first of DJL's variables that the user set, if any. */
    static String userChoice(Map<String, String> environment) {
        for (String name : USER_CHOICES) {
            String value = System.getProperty(name, environment.get(name));
            if (value != null && !value.isBlank()) {
                return name;
            }
        }
        return null;
    }

    /** DJL's classifier of the platform that this JVM runs on, e.g. {@code osx-aarch64}. */
    static String platform(String osName, String osArch) {
        String name = osName.toLowerCase(Locale.ROOT);
        String os = name.startsWith("win") ? "win" : name.startsWith("mac") ? "osx" : name;
        String arch = osArch.equals("amd64") ? "x86_64" : osArch.equals("arm64") ? "aarch64" : osArch;
        return os + "-" + arch;
    }

    /**
     * @throws ModelLoadException if no bundled library matches {@code platform}, saying what to do instead
     */
    static void requireFor(String platform, ClassLoader loader) throws ModelLoadException {
        List<String> bundled = classifiers(loader);
        if (bundled.contains(platform)) {
            return;
        }
        String why = bundled.isEmpty() ? "this build bundles no PyTorch native library"
                : "this build bundles PyTorch only for " + String.join(", ", bundled);
        throw new ModelLoadException(why + ", not for " + platform + ". Build the plugin (or the blog) with Maven "
                + "on this platform, which picks its natives (" + String.join(", ", SUPPORTED) + "), or set "
                + "PYTORCH_LIBRARY_PATH to a libtorch 2.7.1 folder, or PYTORCH_FLAVOR (e.g. cpu) to let DJL "
                + "download one");
    }

    private static List<String> classifiers(ClassLoader loader) throws ModelLoadException {
        List<String> classifiers = new ArrayList<>();
        try {
            for (URL url : Collections.list(loader.getResources(PROPERTIES))) {
                Properties properties = new Properties();
                try (InputStream in = url.openStream()) {
                    properties.load(in);
                }
                String classifier = properties.getProperty("classifier");
                if (classifier != null && properties.getProperty("placeholder") == null) {
                    classifiers.add(classifier);
                }
            }
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + PROPERTIES + " of PyTorch's native jar: " + e.getMessage(),
                    e);
        }
        return classifiers;
    }
}
