package dev.visibility.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.Arrays;

/**
 * What the engine does per second on this machine, for the three kinds of work that a computation spends its
 * time on ({@link EngineWork}): large matrix multiplies, elementwise passes over large arrays, and the fixed cost
 * of each operation (a call through JNI, PyTorch's dispatch, a new array, and handing the work to PyTorch's
 * threads and waiting for all of them), which is most of what a narrow model's small arrays cost. On a busy
 * machine the wait for the threads grows most of all, so it is measured, not assumed.
 *
 * @param matmulGflops       a large float32 matrix multiply, as {@link MatmulRate} measures it
 * @param secondsPerFloat    an elementwise multiply of two large arrays, per element
 * @param secondsPerOperation an elementwise add of two small arrays, just large enough that PyTorch splits it
 *                            among its threads, as it splits most operations of a computation
 */
public record EngineSpeed(double matmulGflops, double secondsPerFloat, double secondsPerOperation) {
    private static final long LARGE = 1L << 20;
    /** Twice PyTorch's grain size (32768 elements): smaller operations run on one thread, larger ones on all. */
    private static final Shape SMALL = new Shape(256, 256);
    private static final int SMALL_OPERATIONS = 200;
    /** A single large multiply takes under a millisecond, which one page fault or context switch can double. */
    private static final int LARGE_OPERATIONS = 10;
    private static final int TIMED_RUNS = 7;
    private static final int ESTIMATE_MATMUL_SIZE = 1024;

    /**
     * Measures the machine's speed now, as a build does before its first computation (unless it remembers one,
     * {@link EngineSpeedMemo}). Every {@code compute} that misses the cache and remembers none pays for this, so
     * its multiply is {@value #ESTIMATE_MATMUL_SIZE} wide: warm, that read 94% of the benchmark's 2048-wide rate
     * here (152 against 162 GFLOP/s) in 0.15 s instead of 0.85 s.
     */
    public static EngineSpeed measure() {
        return measure(MatmulRate.measure(ESTIMATE_MATMUL_SIZE));
    }

    /**
     * Measures the elementwise and per-operation speeds next to the matrix multiply rate. Each is the fastest of
     * several runs after a warm-up, as the yardstick is: fresh memory, the JIT compiler and sleeping threads
     * disturb single runs, so that in a just-started JVM the median of seven read from 1.2 to 1.8 ns per element
     * from one start to the next, while the fastest read 0.98 to 1.09 in four starts. What the computation's
     * thousands of operations meet beyond the fastest run is in the counts that {@link EngineWork} fits.
     */
    private static EngineSpeed measure(double matmulGflops) {
        try (NDManager manager = NDManager.newBaseManager()) {
            // Uniform values are cheaper to draw than normal ones, and float arithmetic takes as long on either.
            NDArray a = manager.randomUniform(-1, 1, new Shape(LARGE));
            NDArray b = manager.randomUniform(-1, 1, new Shape(LARGE));
            NDArray x = manager.randomUniform(-1, 1, SMALL);
            largeMultiply(manager, a, b);
            smallAdds(manager, x);
            double[] large = new double[TIMED_RUNS];
            double[] small = new double[TIMED_RUNS];
            for (int run = 0; run < TIMED_RUNS; run++) {
                large[run] = largeMultiply(manager, a, b);
                small[run] = smallAdds(manager, x);
            }
            return new EngineSpeed(matmulGflops, fastest(large) / (LARGE * LARGE_OPERATIONS),
                    fastest(small) / SMALL_OPERATIONS);
        }
    }

    private static double fastest(double[] values) {
        return Arrays.stream(values).min().orElseThrow();
    }

    /** {@value #LARGE_OPERATIONS} elementwise multiplies of two large arrays, each into a fresh product. */
    private static double largeMultiply(NDManager manager, NDArray a, NDArray b) {
        try (NDManager step = manager.newSubManager()) {
            long start = System.nanoTime();
            for (int operation = 0; operation < LARGE_OPERATIONS; operation++) {
                NDArray product = a.mul(b);
                product.attach(step);
                product.getFloat(0); // waits for the result, without copying it out
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }

    /** A chain of adds, each needing the one before, like the steps of a backward pass. */
    private static double smallAdds(NDManager manager, NDArray x) {
        try (NDManager step = manager.newSubManager()) {
            long start = System.nanoTime();
            NDArray sum = x;
            for (int operation = 0; operation < SMALL_OPERATIONS; operation++) {
                sum = sum.add(x);
                sum.attach(step);
            }
            sum.getFloat(0, 0);
            return (System.nanoTime() - start) / 1e9;
        }
    }
}
