package dev.visibility.page.browser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's steps for JBake's command-line distribution, which is not on Maven Central: {@code jbake-core} 2.7.0
 * and its runtime dependencies are assembled into a {@code lib/} folder with Maven, the README's recipe adds the
 * plugin's jars, and the example blog is baked with {@code org.jbake.launcher.Main} on {@code lib/*}, as the
 * {@code jbake} script does. The bake must log through JBake's own slf4j 1.7 and logback without complaint, and a
 * figure of the baked blog must render and follow the pointer.
 */
@ExtendWith(SharedBrowser.class)
class JBakeCommandIT {
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final Path DISTRIBUTION_POM = Path.of("src", "test", "jbake-distribution", "pom.xml").toAbsolutePath();
    private static final Path WORK = Path.of("target", "jbake-distribution").toAbsolutePath();

    @Test
    void bakesTheExampleBlogWithTheReadmesJars(Browser browser) throws IOException {
        Path jbakeHome = WORK.resolve("jbake");
        Path lib = jbakeHome.resolve("lib");
        Path out = WORK.resolve("site");
        GeneratorRecipesIT.delete(WORK);
        Files.createDirectories(lib);
        RecipeShell shell = new RecipeShell(REPOSITORY, Map.of("JBAKE_HOME", jbakeHome.toString(),
                "VISIBILITY_MODEL", GeneratorRecipesIT.TINY_MODEL.toString(),
                "XDG_CACHE_HOME", WORK.resolve("xdg-cache").toString()));
        shell.run("assembling JBake 2.7.0's lib/ from " + DISTRIBUTION_POM, maven() + " -B -q -f '"
                + DISTRIBUTION_POM + "' package '-Dlib=" + lib + "'", Duration.ofMinutes(5));
        Path pluginJars = REPOSITORY.resolve("plugin/target/jbake-lib");
        if (!Files.isDirectory(pluginJars)) {
            throw new AssertionError("no plugin/target/jbake-lib: package the plugin module first (mvn -B package)");
        }
        assertOneVersionEach(jars(pluginJars, ""), jars(lib, ""));
        shell.run("the README's recipe for the jbake command", ReadmeRecipes.get("jbake-lib"), Duration.ofMinutes(1));
        assertEquals(List.of("slf4j-api-1.7.32.jar"), jars(lib, "slf4j-api-"), "JBake's logging API only");
        assertEquals(List.of(), jars(lib, "slf4j-simple-"), "JBake's logging backend only");

        String log = shell.run("jbake -b with the plugin in lib/", "'" + Path.of(System.getProperty("java.home"),
                "bin", "java") + "' -cp \"$JBAKE_HOME/lib/*\" org.jbake.launcher.Main -b site '" + out + "'",
                Duration.ofMinutes(5));
        // slf4j's own complaints (no provider, several bindings) start so; the plugin's summary of the bake, under
        // its logger's name, shows that it logs through JBake's logback.
        assertFalse(log.contains("SLF4J:"), log);
        assertTrue(log.lines().anyMatch(line -> line.contains("dev.visibility.jbake.BakeHost - visibility: ")),
                "the plugin's summary in JBake's log:\n" + log);
        GeneratorRecipesIT.checkFigure(browser, out, "blog/reproducing-the-figure.html");
    }

    /** The Maven that runs this test, else the first {@code mvn} on the {@code PATH}; skips the test without one. */
    private static String maven() {
        String home = System.getProperty("maven.home");
        if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
            return "'" + Path.of(home, "bin", "mvn") + "'";
        }
        if (!RecipeShell.installed("mvn")) {
            Browser.skip("SKIPPED: JBakeCommandIT assembles JBake's lib/ with Maven, and finds no mvn on the PATH");
        }
        return "mvn";
    }

    /**
     * No library twice among the plugin's jars, and none that JBake's {@code lib/} has in another file: two versions
     * on one class path load classes from either. A library is a file name up to its version.
     */
    private static void assertOneVersionEach(List<String> pluginJars, List<String> jbakeJars) {
        Map<String, List<String>> byLibrary = Stream.concat(pluginJars.stream(), jbakeJars.stream()).distinct()
                .collect(Collectors.groupingBy(JBakeCommandIT::library));
        List<List<String>> twice = pluginJars.stream().map(name -> byLibrary.get(library(name)))
                .filter(files -> files.size() > 1).distinct().toList();
        assertEquals(List.of(), twice, "libraries in two files in plugin/target/jbake-lib and JBake's lib/");
    }

    /** The library of a jar's file name: {@code duckdb_jdbc} of {@code duckdb_jdbc-1.4.4.0-linux_amd64.jar}. */
    private static String library(String jar) {
        return jar.replaceFirst("-\\d.*", "");
    }

    private static List<String> jars(Path lib, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(lib)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.startsWith(prefix)).sorted()
                    .toList();
        }
    }
}
