package dev.visibility.model;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * The helper threads of one model load, a thread per task. They live exactly as long as the load: {@link #close}
 * joins every one, so a load that fails leaves no thread running and no array being made after its manager is
 * closed.
 */
final class LoadingThreads implements AutoCloseable {
    private final List<Thread> threads = new ArrayList<>();

    /** Runs {@code task} on a thread of its own, which inherits the caller's context class loader (DJL's lookup). */
    <T> Future<T> submit(Callable<T> task) {
        FutureTask<T> future = new FutureTask<>(task);
        Thread thread = new Thread(future, "visibility-load-" + (threads.size() + 1));
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
        return future;
    }

    /** What {@code task} returned; its failure is rethrown as it was thrown, so messages stay the loader's own. */
    static <T> T result(Future<T> task) throws ModelLoadException {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelLoadException("interrupted while loading the weights", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ModelLoadException load) {
                throw load;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new ModelLoadException(String.valueOf(cause), cause);
        }
    }

    /**
     * Waits for every thread to end. None is interrupted: an interrupt during a read would close the checkpoint's
     * file channel for every other reader.
     */
    @Override
    public void close() {
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
