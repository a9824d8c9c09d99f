package dev.visibility.hub;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A download body with a read timeout. Java's HTTP client times out waiting for headers, but a body that stops
 * arriving blocks a read forever; this closes the stream when one read waits longer than the timeout, which
 * wakes the reader, and the read then fails with {@link StalledDownloadException}. What arrived before stays
 * with the caller, so the download can resume.
 */
final class StallGuard extends FilterInputStream {
    /**
     * One daemon thread for every download: it only closes streams, so it never blocks. Every read schedules an
     * alarm and cancels it, so cancelled alarms leave the queue at once instead of when they would have rung.
     */
    private static final ScheduledExecutorService ALARMS = alarms();

    private final Duration timeout;
    private volatile boolean stalled;

    StallGuard(InputStream body, Duration timeout) {
        super(body);
        this.timeout = timeout;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? n : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        ScheduledFuture<?> alarm = ALARMS.schedule(this::stall, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            int n = super.read(buffer, offset, length);
            if (stalled) {
                throw new StalledDownloadException(timeout);
            }
            return n;
        } catch (IOException closedUnderneath) {
            if (stalled) {
                throw new StalledDownloadException(timeout);
            }
            throw closedUnderneath;
        } finally {
            alarm.cancel(false);
        }
    }

    private static ScheduledExecutorService alarms() {
        ScheduledThreadPoolExecutor alarms = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "visibility download timeout");
            thread.setDaemon(true);
            return thread;
        });
        alarms.setRemoveOnCancelPolicy(true);
        return alarms;
    }

    private void stall() {
        stalled = true;
        try {
            in.close();
        } catch (IOException ignored) {
            // the reader is told through the flag; a failing close changes nothing for it
        }
    }
}
