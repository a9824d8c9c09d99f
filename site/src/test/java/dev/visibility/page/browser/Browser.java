package dev.visibility.page.browser;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Headless Chromium driven through chromedriver; Debian's {@code chromium} and {@code chromium-driver} by default,
 * or the executables named by the environment variables {@code CHROMIUM} and {@code CHROMEDRIVER}.
 * Giving the driver's path keeps Selenium from looking for one on the network.
 */
final class Browser implements AutoCloseable {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String DOWNLOADS = "downloads";
    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts a browser with a fresh profile, or skips the calling test, loudly, if none is installed. */
    static Browser start() {
        Path chromium = executable("CHROMIUM", "/usr/bin/chromium");
        Path chromedriver = executable("CHROMEDRIVER", "/usr/bin/chromedriver");
        if (!Files.isExecutable(chromium) || !Files.isExecutable(chromedriver)) {
            String message = "SKIPPED: browser tests need " + chromium + " and " + chromedriver
                    + " (apt-get install chromium chromium-driver, or set CHROMIUM and CHROMEDRIVER)";
            System.err.println("\n" + "*".repeat(message.length()) + "\n" + message + "\n" + "*".repeat(message.length()));
            Assumptions.abort(message);
        }
        try {
            Path profile = Files.createTempDirectory("visibility-chromium");
            ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile()).addArguments(
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--window-size=1000,1300", "--user-data-dir=" + profile,
                    // Pages opened from disk load their scripts from disk too.
                    "--allow-file-access-from-files");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            // Headless Chromium saves nothing unless told where to.
            Files.createDirectories(profile.resolve(DOWNLOADS));
            driver.executeCdpCommand("Browser.setDownloadBehavior",
                    Map.of("behavior", "allow", "downloadPath", profile.resolve(DOWNLOADS).toString()));
            return new Browser(driver, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path executable(String variable, String fallback) {
        String configured = System.getenv(variable);
        return Path.of(configured == null || configured.isBlank() ? fallback : configured);
    }

    /** Waits for the browser to finish saving the download {@code name}, and returns the file. */
    Path awaitDownload(String name) {
        Path file = profile.resolve(DOWNLOADS).resolve(name);
        new WebDriverWait(driver, Duration.ofSeconds(20)).withMessage(() -> "no download " + file)
                .until(d -> Files.isRegularFile(file));
        return file;
    }

    ChromeDriver driver() {
        return driver;
    }

    /**
     * Saves the window, with {@code subject} in its middle, as {@code target/screenshots/NAME.png}, for a person
     * to look at.
     */
    Path screenshot(String name, WebElement subject) {
        driver.executeScript("arguments[0].scrollIntoView({block: 'center'});", subject);
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }
}
