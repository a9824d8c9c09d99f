package dev.visibility.corpus;

import org.duckdb.DuckDBDriver;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The DuckDB jar that the build resolves is the one for this platform (the parent POM's profiles choose its
 * classifier), not the plain jar with every platform's native library, which made the command-line jar 80 MB
 * heavier.
 */
class DuckDbNativesTest {
    @Test
    void theDuckDbJarCarriesOneNativeLibrary() throws Exception {
        Path jar = Path.of(DuckDBDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<String> natives = zip.stream().map(ZipEntry::getName)
                    .filter(name -> name.startsWith("libduckdb_java")).toList();

            assertEquals(1, natives.size(), jar + " holds " + natives);
        }
    }
}
