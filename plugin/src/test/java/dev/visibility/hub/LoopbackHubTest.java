package dev.visibility.hub;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** What every test against the loopback hub starts from: a fresh hub, and locators wired to an empty cache. */
abstract class LoopbackHubTest {
    @TempDir
    Path temp;
    FakeHub hub;
    HubTestSupport support;

    @BeforeEach
    void startHub() throws IOException {
        hub = new FakeHub();
        support = new HubTestSupport(temp, hub.endpoint());
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    /** The message with which locating {@code model} and fetching its weights fails. */
    String refusal(String model) {
        return assertThrows(ModelNotAvailableException.class, () -> support.locate(model)).getMessage();
    }
}
