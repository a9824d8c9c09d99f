package dev.visibility.page.browser;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;

/**
 * How the browser tests wait for a page: up to 20 s, looking again every 50 ms. Selenium's default looks every
 * 500 ms, so each wait for a redraw that takes a few milliseconds cost half a second.
 */
final class Patience {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final Duration INTERVAL = Duration.ofMillis(50);

    private Patience() {
    }

    static WebDriverWait of(WebDriver driver) {
        return new WebDriverWait(driver, LIMIT, INTERVAL);
    }
}
