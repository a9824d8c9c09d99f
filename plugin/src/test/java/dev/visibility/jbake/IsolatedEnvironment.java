package dev.visibility.jbake;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Map;

/**
 * Bakes in each test see an empty environment (no {@code VISIBILITY_MODEL}, no {@code HF_*} of the caller's), and
 * later tests the real one again.
 */
final class IsolatedEnvironment implements BeforeEachCallback, AfterEachCallback {
    @Override
    public void beforeEach(ExtensionContext context) {
        SiteBuild.useEnvironment(Map.of());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        SiteBuild.useEnvironment(System.getenv());
    }
}
