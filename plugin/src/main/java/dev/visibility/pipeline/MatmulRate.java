package dev.visibility.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The speed of a large float32 matrix multiply on this machine: the yardstick that the benchmark holds the
 * computation against, and the rate that the cost estimate assumes.
 *
 * <p>A cold or interrupted multiply reads low, and a yardstick that reads low makes the computation look faster
 * than the hardware allows. So the first multiply only warms up (threads, caches, the allocator), and the rate is
 * that of the fastest of several timed ones: on a shared machine, the run least disturbed by others.
 */
public final class MatmulRate {
    private static final int SIZE = 2048;
    private static final int TIMED_RUNS = 5;

    private MatmulRate() {
    }

    /** The benchmark's yardstick: the rate of {@code 2048×2048} multiplies, as {@link #measure(int)} takes it. */
    public static double measure() {
        return measure(SIZE);
    }

    /** GFLOP/s of the fastest of {@value #TIMED_RUNS} timed {@code size×size} multiplies, after one to warm up. */
    public static double measure(int size) {
        try (NDManager manager = NDManager.newBaseManager()) {
            // Uniform values are cheaper to draw than normal ones, and a multiply takes as long on either.
            NDArray a = manager.randomUniform(-1, 1, new Shape(size, size));
            NDArray b = manager.randomUniform(-1, 1, new Shape(size, size));
            multiply(manager, a, b);
            double best = Double.MAX_VALUE;
            for (int run = 0; run < TIMED_RUNS; run++) {
                best = Math.min(best, multiply(manager, a, b));
            }
            return 2.0 * size * size * size / best / 1e9;
        }
    }

    /** The seconds of one multiply, including reading its result back, which makes sure that it finished. */
    private static double multiply(NDManager manager, NDArray a, NDArray b) {
        try (NDManager step = manager.newSubManager()) {
            long start = System.nanoTime();
            NDArray product = a.matMul(b);
            product.attach(step);
            product.toFloatArray();
            return (System.nanoTime() - start) / 1e9;
        }
    }
}
