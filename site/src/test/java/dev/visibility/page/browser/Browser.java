package dev.visibility.page.browser;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.interactions.Sequence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
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
    /** How long a downloaded file must keep its size to count as complete. */
    private static final long STEADY_MILLIS = 200;
    private final ChromeDriver driver;
    private final Path profile;
    private final Dimension windowSize;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
        windowSize = driver.manage().window().getSize();
    }

    /**
     * Starts a browser with a fresh profile, or skips the calling test, loudly, if none is installed. Tests share
     * one through {@link SharedBrowser}; a benchmark, which runs alone, may start its own.
     */
    static Browser start() {
        Path chromium = executable("CHROMIUM", "/usr/bin/chromium");
        Path chromedriver = executable("CHROMEDRIVER", "/usr/bin/chromedriver");
        if (!Files.isExecutable(chromium) || !Files.isExecutable(chromedriver)) {
            skip("SKIPPED: browser tests need " + chromium + " and " + chromedriver
                    + " (apt-get install chromium chromium-driver, or set CHROMIUM and CHROMEDRIVER)");
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

    /**
     * Brings the browser back to the state {@link #start} left it in, as far as a page or a test can tell, so that
     * no test sees what an earlier one did: a blank page, no key or button held, the pointer at rest in the top
     * left corner, the first window size and no downloads. Cookies, web storage and the HTTP cache stay: the pages
     * keep nothing, and {@link StaticServer} gives its responses no lifetime, so the browser asks for every file
     * again and gets new bytes whenever they changed.
     */
    void reset() {
        driver.get("about:blank");
        // A test that failed half-way may have left a key or a mouse button pressed.
        driver.resetInputState();
        // Actions go on from where the last one left the pointer (FigureDriver.click clicks where hover moved it):
        // back to the corner where a new browser's pointer starts, in one step, under the name that Actions gives
        // its mouse; a move through Actions takes a quarter of a second.
        PointerInput mouse = new PointerInput(PointerInput.Kind.MOUSE, "default mouse");
        driver.perform(List.of(new Sequence(mouse, 0)
                .addAction(mouse.createPointerMove(Duration.ZERO, PointerInput.Origin.viewport(), 0, 0))));
        if (!driver.manage().window().getSize().equals(windowSize)) {
            driver.manage().window().setSize(windowSize);
        }
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        // awaitDownload looks for a file by name: an earlier test's file of the same name would pass at once, and
        // Chromium would save the new one as "NAME (1)".
        try (Stream<Path> files = Files.list(profile.resolve(DOWNLOADS))) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Skips the calling test, loudly: {@code message} framed in stars on standard error, where it stands out of
     * the build's log, since a skipped test is easily taken for a passed one.
     */
    static void skip(String message) {
        System.err.println("\n" + "*".repeat(message.length()) + "\n" + message + "\n" + "*".repeat(message.length()));
        Assumptions.abort(message);
    }

    private static Path executable(String variable, String fallback) {
        String configured = System.getenv(variable);
        return Path.of(configured == null || configured.isBlank() ? fallback : configured);
    }

    /**
     * Lays pages out in a viewport {@code width} px wide, as a phone's screen, until the next {@link #reset}: Chromium
     * keeps a window at least 500 px wide.
     */
    void emulateWidth(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    }

    /** Waits for the browser to finish saving the download {@code name}, and returns the file. */
    Path awaitDownload(String name) {
        Path file = profile.resolve(DOWNLOADS).resolve(name);
        Patience.of(driver).withMessage(() -> "no complete download " + file)
                .until(d -> isComplete(file));
        return file;
    }

    /**
     * Whether {@code file} is there in full. The name can appear before the last bytes do (a test once read a
     * downloaded SVG without its colour bar), so the file must also be non-empty, have no partial download
     * beside it, and keep its size for a moment.
     */
    private boolean isComplete(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) == 0) {
                return false;
            }
            long size = Files.size(file);
            try (Stream<Path> files = Files.list(file.getParent())) {
                if (files.anyMatch(other -> other.getFileName().toString().endsWith(".crdownload"))) {
                    return false;
                }
            }
            Thread.sleep(STEADY_MILLIS);
            return Files.size(file) == size;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Runs {@code body} in the page as a function of {@code arguments}, and returns what it returns. */
    Object script(String body, Object... arguments) {
        return driver.executeScript(body, arguments);
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
