package dev.visibility.hub;

import java.io.IOException;
import java.time.Duration;

/** No byte of a download's body arrived for longer than {@code HF_HUB_DOWNLOAD_TIMEOUT}. */
final class StalledDownloadException extends IOException {
    private static final long serialVersionUID = 1L;

    StalledDownloadException(Duration timeout) {
        super("stalled: no data arrived for " + timeout.toMillis() / 1000.0 + " s");
    }
}
