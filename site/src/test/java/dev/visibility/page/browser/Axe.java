package dev.visibility.page.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The axe-core accessibility checker, run in the page that the browser shows. Its bundle ({@code axe.min.js})
 * comes from the file named by the environment variable {@code VISIBILITY_AXE}, which {@code .ci/run} fetches
 * from npm; without it, the calling test is skipped with a message, as the browser tests are without Chromium.
 */
final class Axe {
    private static final String VARIABLE = "VISIBILITY_AXE";
    /** axe reports each problem as a rule that it violates, with the elements that violate it. */
    private static final String RUN = "var done = arguments[arguments.length - 1];"
            + " axe.run(document).then(function (result) {"
            + "   done(result.violations.map(function (v) {"
            + "     return {id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(function (n) {"
            + "       return n.target.join(' ') + ': ' + n.failureSummary; })};"
            + "   }));"
            + " }, function (error) { done(String(error)); });";

    private Axe() {
    }

    /** The bundle's source, or a skip of the calling test if none is configured. */
    private static String bundle() {
        String configured = System.getenv(VARIABLE);
        Path file = configured == null || configured.isBlank() ? null : Path.of(configured);
        if (file == null || !Files.isRegularFile(file)) {
            Browser.skip("SKIPPED: accessibility tests need axe-core; set " + VARIABLE
                    + " to its axe.min.js (.ci/run fetches axe-core from npm)");
        }
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs axe's default rules on the page as it is now, and fails with every violation and the elements that
     * violate it, if there is any, of whatever impact.
     *
     * @param what what the page shows, for the failure message
     */
    static void assertNoViolations(Browser browser, String what) {
        String violations = violations(browser, what);
        if (!violations.isEmpty()) {
            fail(violations);
        }
    }

    /**
     * Runs axe's default rules on the page as it is now; returns each violation, of whatever impact, with the
     * elements that violate it, or an empty string if there is none.
     *
     * @param what what the page shows, to head the list
     */
    static String violations(Browser browser, String what) {
        List<Map<String, Object>> violations = run(browser);
        if (violations.isEmpty()) {
            return "";
        }
        return violations.size() + " accessibility violations on " + what + ":\n" + violations.stream()
                .map(v -> v.get("impact") + " " + v.get("id") + " (" + v.get("help") + "):\n    "
                        + ((List<?>) v.get("nodes")).stream().map(String::valueOf)
                        .collect(Collectors.joining("\n    ")))
                .collect(Collectors.joining("\n"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> run(Browser browser) {
        String source = bundle();
        browser.driver().manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        // Once per page: the bundle defines window.axe, which lives as long as the page.
        if (!Boolean.TRUE.equals(browser.script("return typeof axe !== 'undefined';"))) {
            browser.script(source);
        }
        Object result = browser.driver().executeAsyncScript(RUN);
        if (!(result instanceof List)) {
            throw new AssertionError("axe did not run: " + result);
        }
        return (List<Map<String, Object>>) result;
    }
}
