package dev.visibility.cli;

import dev.visibility.pipeline.ComputeCost;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.visibility.influence.CorpusStatistics;
import dev.visibility.influence.InfluenceComputation;
import dev.visibility.influence.NonFiniteInfluenceException;
import dev.visibility.model.Gpt2;
import dev.visibility.model.ModelLoadException;
import dev.visibility.model.Residual;
import dev.visibility.model.TorchSettings;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * {@code visibility benchmark}: times the whole computation on a random checkpoint with GPT-2 small's shapes and
 * compares its speed with a large float32 matrix multiply measured in the same run.
 */
final class BenchmarkCommand {
    static final String HELP = """
            Usage: visibility benchmark [--tokens N,N,...] [--corpus SAMPLES] [--threads N]

            Generates a random checkpoint with exactly GPT-2 small's shapes (124M parameters, about 500 MB in a
            temporary folder, deleted afterwards), then reports for each text length the load time, the time to
            compute all layers x positions heatmaps, the process's peak memory, and the achieved GFLOP/s of the
            useful work as a fraction of a 2048x2048 float32 matrix multiply measured in the same run.

            Useful work: one forward pass of the whole text, plus one input-gradient backward pass per
            target state h[L,P] through blocks 1..L over positions 0..P (the least any exact method needs).

            Options:
              --tokens N,N,...   text lengths to measure (default 20,64,128)
              --corpus SAMPLES   also a corpus figure: the mean and standard deviation over SAMPLES random
                                 samples of 20 tokens (the original project's figure used 200)
              --threads N        PyTorch threads (default: one per core, %d here)
              -h, --help         show this help
            """.formatted(TorchSettings.defaultThreads());

    private static final int MATMUL_SIZE = 2048;
    private static final int CORPUS_TOKENS = 20;

    private BenchmarkCommand() {
    }

    static void run(List<String> args, PrintStream out, PrintStream log)
            throws UsageException, IOException, ModelLoadException, NonFiniteInfluenceException {
        Arguments arguments = Arguments.parse(args, Set.of("tokens", "corpus", "threads"));
        if (arguments.help()) {
            out.print(HELP);
            return;
        }
        List<Integer> lengths = lengths(arguments.optional("tokens", "20,64,128"));
        int threads = arguments.positiveInt("threads", TorchSettings.defaultThreads());
        TorchSettings.configure(threads);
        TorchSettings.requireNatives();

        double peakGflops = matmulGflops();
        out.printf("Threads: %d; float32 %dx%d matrix multiply: %.1f GFLOP/s%n", threads, MATMUL_SIZE, MATMUL_SIZE, peakGflops);

        Path folder = Files.createTempDirectory("visibility-benchmark");
        try {
            log.println("Writing a random GPT-2 small checkpoint to " + folder);
            RandomGpt2.write(folder);
            long start = System.nanoTime();
            try (Gpt2 model = Gpt2.load(folder, Residual.CENTERED)) {
                double loadSeconds = (System.nanoTime() - start) / 1e9;
                out.printf("Load: %.2f s%n", loadSeconds);
                out.println("| tokens | heatmaps | compute (s) | useful GFLOP | GFLOP/s | of matmul | peak RSS (GB) |");
                out.println("|---:|---:|---:|---:|---:|---:|---:|");
                SplittableRandom random = new SplittableRandom(1);
                for (int length : lengths) {
                    long[] ids = random.longs(length, 0, RandomGpt2.VOCABULARY).toArray();
                    long computeStart = System.nanoTime();
                    InfluenceComputation.compute(model, ids, new ProgressLine(log, length + " tokens"));
                    double seconds = (System.nanoTime() - computeStart) / 1e9;
                    double gflop = usefulFlops(length) / 1e9;
                    out.printf("| %d | %d | %.2f | %.1f | %.1f | %.0f%% | %.2f |%n", length, RandomGpt2.LAYERS * length,
                            seconds, gflop, gflop / seconds, 100 * gflop / seconds / peakGflops, PeakMemory.gigabytes());
                }
                if (arguments.has("corpus")) {
                    corpus(model, arguments.positiveInt("corpus", 1), random, out, log);
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /**
     * A corpus figure of random samples: each a BOS token and 19 random tokens, aggregated as the site build does.
     * Reports the minutes, the rate, and the peak memory, which must not grow with the number of samples.
     */
    private static void corpus(Gpt2 model, int samples, SplittableRandom random, PrintStream out, PrintStream log)
            throws NonFiniteInfluenceException {
        CorpusStatistics statistics = new CorpusStatistics(RandomGpt2.LAYERS, CORPUS_TOKENS);
        double peakAfterFirst = 0;
        long start = System.nanoTime();
        ProgressLine progress = new ProgressLine(log, "corpus");
        for (int sample = 0; sample < samples; sample++) {
            long[] ids = random.longs(CORPUS_TOKENS, 0, RandomGpt2.VOCABULARY).toArray();
            ids[0] = RandomGpt2.VOCABULARY - 1;
            statistics.add(InfluenceComputation.compute(model, ids, InfluenceComputation.Progress.NONE));
            progress.update(sample + 1, samples);
            if (sample == 0) {
                peakAfterFirst = PeakMemory.gigabytes();
            }
        }
        statistics.standardDeviation();
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf("Corpus: %d samples of %d tokens in %.1f min, %.2f s per sample; peak RSS %.2f GB (%.2f GB"
                + " after the first sample)%n", samples, CORPUS_TOKENS, seconds / 60, seconds / samples,
                PeakMemory.gigabytes(), peakAfterFirst);
    }

    /** The best of a few timed float32 matrix multiplies, after a warm-up. */
    private static double matmulGflops() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = manager.randomNormal(new Shape(MATMUL_SIZE, MATMUL_SIZE));
            NDArray b = manager.randomNormal(new Shape(MATMUL_SIZE, MATMUL_SIZE));
            double best = Double.MAX_VALUE;
            for (int run = 0; run < 6; run++) {
                try (NDManager step = manager.newSubManager()) {
                    long start = System.nanoTime();
                    NDArray c = a.matMul(b);
                    c.tempAttach(step);
                    c.toFloatArray(); // forces the computation to finish
                    best = run == 0 ? best : Math.min(best, (System.nanoTime() - start) / 1e9);
                }
            }
            return 2.0 * MATMUL_SIZE * MATMUL_SIZE * MATMUL_SIZE / best / 1e9;
        }
    }

    /** FLOPs of the useful work on GPT-2 small; see {@link ComputeCost#usefulFlops}. */
    static double usefulFlops(int length) {
        return ComputeCost.usefulFlops(RandomGpt2.LAYERS, RandomGpt2.WIDTH, length);
    }

    private static List<Integer> lengths(String list) throws UsageException {
        List<Integer> lengths = new ArrayList<>();
        for (String item : list.split(",")) {
            try {
                int length = Integer.parseInt(item.trim());
                if (length < 1 || length > RandomGpt2.CONTEXT) {
                    throw new NumberFormatException();
                }
                lengths.add(length);
            } catch (NumberFormatException e) {
                throw new UsageException("--tokens takes lengths from 1 to " + RandomGpt2.CONTEXT + ", got '" + item + "'");
            }
        }
        return lengths;
    }
}
