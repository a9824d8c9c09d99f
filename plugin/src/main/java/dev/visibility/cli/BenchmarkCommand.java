package dev.visibility.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.visibility.influence.CorpusStatistics;
import dev.visibility.influence.InfluenceComputation;
import dev.visibility.influence.NonFiniteInfluenceException;
import dev.visibility.model.ModelConfig;
import dev.visibility.model.ModelLoadException;
import dev.visibility.model.TorchSettings;
import dev.visibility.model.Transformer;
import dev.visibility.pipeline.ComputeCost;
import dev.visibility.pipeline.EngineSpeed;
import dev.visibility.pipeline.MatmulRate;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * {@code visibility benchmark}: times the whole computation on random checkpoints with real models' shapes and
 * compares its speed with a large float32 matrix multiply measured in the same run; times loading the weights
 * against reading their file; and reports the peak memory.
 */
final class BenchmarkCommand {
    private static final int CORPUS_TOKENS = 20;

    /**
     * One computation: a shape at one text length.
     *
     * @param estimatedSeconds what the cost estimate of a build said beforehand, calibrated just before
     * @param matmulGflops     the better of the matrix multiplies measured just before and just after
     */
    record Row(int tokens, double seconds, double estimatedSeconds, double gflop, double matmulGflops,
                       double peakGigabytes) {
        double fractionOfMatmul() {
            return gflop / seconds / matmulGflops;
        }

        /**
         * The useful work cannot outrun the matrix multiply it is made of; when it seems to, the multiply was
         * measured while something else held the cores, and the ratio means nothing.
         */
        boolean measurementError() {
            return fractionOfMatmul() > 1;
        }

        String ofMatmul() {
            return measurementError() ? "measurement error" : String.format("%.0f%%", 100 * fractionOfMatmul());
        }
    }

    /** Everything one shape measured; {@code corpus} is null when no corpus figure was asked for. */
    private record Measured(BenchmarkShape shape, long fileBytes, double readSeconds, double freshSeconds,
                            double loadSeconds, double residentBeforeLoad, double float32BlockGigabytes,
                            Map<Integer, Row> rows, String corpus) {
    }

    private BenchmarkCommand() {
    }

    static String help() {
        StringBuilder shapes = new StringBuilder();
        for (BenchmarkShape shape : BenchmarkShape.values()) {
            RandomCheckpoint.Layout layout = RandomCheckpoint.layout(shape, shape.dimensions());
            shapes.append(String.format("  %-14s %s: %.0fM parameters, %s, %.2f GB%n", shape.shapeName(),
                    shape.hubRepo(), layout.parameters() / 1e6, shape.dtype(), layout.dataBytes() / 1e9));
        }
        return """
                Usage: visibility benchmark [--shape NAME,...] [--tokens N,N,...] [--corpus SAMPLES] [--threads N]

                For each shape, writes a checkpoint with random weights and exactly a real model's config.json,
                tensor names, shapes and dtype (in a temporary folder, deleted afterwards), then reports:
                  - per text length: the time to compute all layers x positions heatmaps, next to what a
                    build's cost estimate says, the achieved GFLOP/s of the useful work as a fraction of a
                    2048x2048 float32 matrix multiply (warm, the best of several runs, measured just before and
                    just after, the better one), and the peak resident memory; a fraction over 100%% is
                    reported as a measurement error;
                  - the time to load the weights, against the time to read model.safetensors once from the
                    page cache, and the time to write as many float32 values as the blocks hold into fresh
                    memory (the least any float32 loader spends besides reading).

                Useful work: one forward pass of the whole text, plus one input-gradient backward pass per
                target state h[L,P] through blocks 1..L over positions 0..P (the least any exact method needs).

                Shapes:
                %s

                Options:
                  --shape NAME,...   the shapes to measure, one after another (default gpt2)
                  --tokens N,N,...   text lengths to measure (default 20,64,128)
                  --corpus SAMPLES   also a corpus figure per shape: the mean and standard deviation over SAMPLES
                                     random samples of 20 tokens (the original project's figure used 200)
                  --threads N        PyTorch threads (default: one per core, %d here)
                  -h, --help         show this help
                """.formatted(shapes.toString().stripTrailing(), TorchSettings.defaultThreads());
    }

    static void run(List<String> args, PrintStream out, PrintStream log)
            throws UsageException, IOException, ModelLoadException, NonFiniteInfluenceException {
        Arguments arguments = Arguments.parse(args, Set.of("shape", "tokens", "corpus", "threads"));
        if (arguments.help()) {
            out.print(help());
            return;
        }
        List<BenchmarkShape> shapes = BenchmarkShape.parseList(arguments.optional("shape", "gpt2"));
        List<Integer> lengths = lengths(arguments.optional("tokens", "20,64,128"), shapes);
        int corpusSamples = arguments.has("corpus") ? arguments.positiveInt("corpus", 1) : 0;
        int threads = arguments.positiveInt("threads", TorchSettings.defaultThreads());
        TorchSettings.configure(threads);
        TorchSettings.requireNatives();
        // The speed behind the estimated column, measured first and once, as a build measures it before its first
        // computation: later in the same JVM, the same calibration reads its small operations several times faster.
        EngineSpeed buildSpeed = EngineSpeed.measure();

        boolean perShapePeak = PeakMemory.reset();
        out.printf("Threads: %d. %s%n%n", threads, perShapePeak
                ? "Peak RSS is per shape: the high-water mark is reset just before each shape loads, on top of"
                + " what the shapes before it left resident (RSS before load)."
                : "Peak RSS is that of the whole process so far (its high-water mark cannot be reset here), so"
                + " it includes the shapes measured before.");
        out.println("| shape | tokens | heatmaps | compute (s) | estimated (s) | useful GFLOP | GFLOP/s"
                + " | float32 matmul (GFLOP/s) | of matmul | peak RSS (GB) |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        List<Measured> measured = new ArrayList<>();
        for (BenchmarkShape shape : shapes) {
            measured.add(measure(shape, lengths, corpusSamples, buildSpeed, out, log));
        }
        out.println();
        out.println("| shape | weights on disk | file (GB) | page-cache read (s) | fresh-memory write (s) | load (s)"
                + " | load / read | RSS before load (GB) | float32 blocks (GB) |");
        out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        for (Measured m : measured) {
            out.printf("| %s | %s | %.2f | %.2f | %.2f | %.2f | %.1f | %.2f | %.2f |%n", m.shape(), m.shape().dtype(),
                    m.fileBytes() / 1e9, m.readSeconds(), m.freshSeconds(), m.loadSeconds(),
                    m.loadSeconds() / m.readSeconds(), m.residentBeforeLoad(), m.float32BlockGigabytes());
        }
        if (corpusSamples > 0) {
            out.println();
            measured.forEach(m -> out.println(m.corpus()));
        }
        List<String> targets = targets(measured);
        if (!targets.isEmpty()) {
            out.println();
            out.println("Targets:");
            targets.forEach(line -> out.println("  " + line));
        }
    }

    /** Writes, reads, loads and computes one shape, printing its rows as they come; deletes the checkpoint. */
    private static Measured measure(BenchmarkShape shape, List<Integer> lengths, int corpusSamples,
                                    EngineSpeed buildSpeed, PrintStream out, PrintStream log)
            throws IOException, ModelLoadException, NonFiniteInfluenceException {
        Path folder = Files.createTempDirectory("visibility-benchmark-" + shape.shapeName());
        try {
            log.printf("%s: writing a random checkpoint with the shapes of %s (%s) to %s%n", shape,
                    shape.hubRepo(), shape.dtype(), folder);
            long writeStart = System.nanoTime();
            RandomCheckpoint.Layout layout = RandomCheckpoint.write(folder, shape);
            Path file = folder.resolve("model.safetensors");
            long fileBytes = Files.size(file);
            log.printf("%s: %.2f GB written in %.1f s%n", shape, fileBytes / 1e9, seconds(writeStart));
            double readSeconds = pageCacheReadSeconds(file);

            ModelConfig config = ModelConfig.read(folder.resolve("config.json"));
            MatmulRate.measure(); // starts the engine, so that the load is timed alone
            double freshSeconds = freshMemorySeconds(layout.float32BlockGigabytes());
            PeakMemory.reset();
            double residentBeforeLoad = PeakMemory.residentGigabytes();
            long loadStart = System.nanoTime();
            try (Transformer model = Transformer.load(folder, config.defaultResidual())) {
                double loadSeconds = seconds(loadStart);
                log.printf("%s: loaded in %.2f s; reading the file from the page cache took %.2f s%n", shape,
                        loadSeconds, readSeconds);
                SplittableRandom random = new SplittableRandom(1);
                Map<Integer, Row> rows = new LinkedHashMap<>();
                for (int length : lengths) {
                    long[] ids = random.longs(length, 0, config.vocabSize()).toArray();
                    ComputeCost estimate = ComputeCost.of(config, length, buildSpeed);
                    double matmulBefore = MatmulRate.measure();
                    long start = System.nanoTime();
                    ProgressLine progress = new ProgressLine(log, shape + ", " + length + " tokens",
                            TerminalProgress.isTerminal(log));
                    InfluenceComputation.compute(model, ids, progress);
                    double seconds = seconds(start);
                    Row row = new Row(length, seconds, estimate.seconds(), estimate.gflop(),
                            Math.max(matmulBefore, MatmulRate.measure()), PeakMemory.gigabytes());
                    rows.put(length, row);
                    out.printf("| %s | %d | %d | %.2f | %.2f | %.1f | %.1f | %.1f | %s | %.2f |%n", shape, length,
                            config.layers() * length, row.seconds(), row.estimatedSeconds(), row.gflop(),
                            row.gflop() / row.seconds(), row.matmulGflops(), row.ofMatmul(), row.peakGigabytes());
                    out.flush();
                }
                String corpus = corpusSamples > 0 ? corpus(shape, model, corpusSamples, random, log) : null;
                return new Measured(shape, fileBytes, readSeconds, freshSeconds, loadSeconds, residentBeforeLoad,
                        layout.float32BlockGigabytes(), rows, corpus);
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
     * The seconds to read {@code file} sequentially when it is in the page cache: read once to bring it in, then
     * timed. Read into a small buffer, not mapped, so that it adds nothing to the resident set.
     */
    private static double pageCacheReadSeconds(Path file) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        readWhole(file, buffer);
        long start = System.nanoTime();
        readWhole(file, buffer);
        return seconds(start);
    }

    private static void readWhole(Path file, ByteBuffer buffer) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (channel.read(buffer.clear()) >= 0) {
                // only the time matters
            }
        }
    }

    /**
     * A corpus figure of random samples: each the model's BOS token and 19 random tokens, aggregated as the site
     * build does. Reports the minutes, the rate, and the peak memory, which must not grow with the number of
     * samples.
     */
    private static String corpus(BenchmarkShape shape, Transformer model, int samples, SplittableRandom random,
                                 PrintStream log) throws NonFiniteInfluenceException, ModelLoadException {
        ModelConfig config = model.config();
        CorpusStatistics statistics = new CorpusStatistics(config.layers(), CORPUS_TOKENS);
        double peakAfterFirst = 0;
        long start = System.nanoTime();
        ProgressLine progress = new ProgressLine(log, shape + ", corpus", TerminalProgress.isTerminal(log));
        for (int sample = 0; sample < samples; sample++) {
            long[] ids = random.longs(CORPUS_TOKENS, 0, config.vocabSize()).toArray();
            ids[0] = config.bosTokenId();
            statistics.add(InfluenceComputation.compute(model, ids, InfluenceComputation.Progress.NONE));
            progress.update(sample + 1, samples);
            if (sample == 0) {
                peakAfterFirst = PeakMemory.gigabytes();
            }
        }
        statistics.standardDeviation();
        double seconds = seconds(start);
        return String.format("Corpus, %s: %d samples of %d tokens in %.1f min, %.2f s per sample; peak RSS %.2f GB"
                        + " (%.2f GB after the first sample)", shape, samples, CORPUS_TOKENS, seconds / 60,
                seconds / samples, PeakMemory.gigabytes(), peakAfterFirst);
    }

    /**
     * The targets that the issue which added {@code --shape} set, each with what this run measured; only those
     * that this run measured. They are reported, never asserted: speed depends on the machine.
     */
    private static List<String> targets(List<Measured> measured) {
        List<String> lines = new ArrayList<>();
        for (Measured m : measured) {
            Row twenty = m.rows().get(20);
            if (twenty != null) {
                lines.add(speedTarget(m.shape(), twenty, 0.60));
            }
            boolean llama = m.shape() == BenchmarkShape.LLAMA_3_2_1B;
            Row sixtyFour = m.rows().get(64);
            if (llama && sixtyFour != null) {
                lines.add(speedTarget(m.shape(), sixtyFour, 0.70));
            }
            if ((llama || m.shape() == BenchmarkShape.GEMMA_2_2B) && twenty != null) {
                double limit = m.float32BlockGigabytes() + 1.5;
                lines.add(String.format("%s, 20 tokens: peak RSS %.2f GB, target at most %.2f GB (float32 blocks"
                        + " + 1.5 GB): %s", m.shape(), twenty.peakGigabytes(), limit,
                        met(twenty.peakGigabytes() <= limit)));
            }
            if (llama) {
                double ratio = m.loadSeconds() / m.readSeconds();
                lines.add(String.format("%s: load %.2f s, %.1f times the page-cache read, target at most 2: %s"
                        + " (writing the float32 blocks into fresh memory alone took %.2f s)", m.shape(),
                        m.loadSeconds(), ratio, met(ratio <= 2), m.freshSeconds()));
            }
        }
        return lines;
    }

    static String speedTarget(BenchmarkShape shape, Row row, double target) {
        if (row.measurementError()) {
            return String.format("%s, %d tokens: not judged, a measurement error: the useful work ran at %.0f%% of"
                    + " the float32 matmul, more than it allows", shape, row.tokens(), 100 * row.fractionOfMatmul());
        }
        return String.format("%s, %d tokens: %.0f%% of the float32 matmul, target at least %.0f%%: %s", shape,
                row.tokens(), 100 * row.fractionOfMatmul(), 100 * target, met(row.fractionOfMatmul() >= target));
    }

    private static String met(boolean met) {
        return met ? "met" : "MISSED";
    }

    /**
     * The seconds PyTorch takes to allocate and zero {@code gigabytes} of float32 arrays of 64 MB, as many as a
     * shape's blocks, held until all are written: the least that loading the blocks' float32 weights costs besides
     * reading the file, as each value must be written once into memory the process has not touched before. On
     * machines where a first touch of memory is slow (virtual machines) this can dwarf the read.
     */
    private static double freshMemorySeconds(double gigabytes) {
        long pieceValues = 1L << 24;
        long pieces = Math.round(gigabytes * 1e9 / (pieceValues * Float.BYTES));
        try (NDManager manager = NDManager.newBaseManager()) {
            long start = System.nanoTime();
            for (long piece = 0; piece < pieces; piece++) {
                manager.zeros(new Shape(pieceValues));
            }
            return seconds(start);
        }
    }

    /** Parses {@code --tokens}: lengths that every shape's context holds. */
    private static List<Integer> lengths(String list, List<BenchmarkShape> shapes) throws UsageException {
        BenchmarkShape shortest = shapes.stream()
                .min(Comparator.comparingInt(shape -> shape.dimensions().maxPositions())).orElseThrow();
        int max = shortest.dimensions().maxPositions();
        List<Integer> lengths = new ArrayList<>();
        for (String item : list.split(",", -1)) {
            try {
                int length = Integer.parseInt(item.trim());
                if (length < 1 || length > max) {
                    throw new NumberFormatException();
                }
                lengths.add(length);
            } catch (NumberFormatException e) {
                throw new UsageException("--tokens takes lengths from 1 to " + max + " (the context of "
                        + shortest + "), got '" + item + "'");
            }
        }
        return lengths;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
