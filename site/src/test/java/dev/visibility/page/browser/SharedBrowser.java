package dev.visibility.page.browser;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;

/**
 * Lends one Chromium to all the test classes of a run that are extended with this, since starting one for each
 * class costs more than some of their tests. The browser lives in the store of JUnit's root context: the first of
 * their tests starts it, and JUnit closes it when the whole run ends. Without Chromium, each of their tests is
 * skipped with the message of {@link Browser#start}.
 * <p>
 * Before the first test of each class the browser is {@linkplain Browser#reset reset}, so that no class sees what
 * another left; the tests of a class share it, each opening its own page first. A test gets it as a {@link Browser}
 * parameter. One browser serves one test at a time: the tests must not run in parallel.
 */
final class SharedBrowser implements BeforeEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedBrowser.class);
    /** The key that marks, in the store of a test class, that the browser was reset for the class. */
    private static final String RESET = "reset";

    /**
     * Starts the browser if no test has yet, and resets it if the test is its class's first. Here, not in
     * {@link #resolveParameter}: JUnit reports a skip thrown while it resolves a parameter as an error. Once a class,
     * not before each test: after a blank page Chromium loads and compiles Plotly anew, most of a second a test.
     */
    @Override
    public void beforeEach(ExtensionContext context) {
        Browser browser = browser(context);
        context.getParent().orElseThrow().getStore(NAMESPACE).getOrComputeIfAbsent(RESET, key -> {
            browser.reset();
            return true;
        });
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Browser.class;
    }

    @Override
    public Browser resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return browser(context);
    }

    /**
     * The run's browser. JUnit keeps a failed start too: later tests get its exception (without Chromium, the skip)
     * instead of another try.
     */
    private static Browser browser(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Shared.class, key -> new Shared(Browser.start()), Shared.class).browser();
    }

    /** JUnit closes the resources of a context's store when the context ends: the root's when the run ends. */
    private record Shared(Browser browser) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() throws IOException {
            browser.close();
        }
    }
}
