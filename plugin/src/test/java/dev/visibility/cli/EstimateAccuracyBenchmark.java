package dev.visibility.cli;

import dev.visibility.TestModels;
import dev.visibility.influence.InfluenceComputation;
import dev.visibility.model.ModelConfig;
import dev.visibility.model.Residual;
import dev.visibility.model.TorchSettings;
import dev.visibility.model.Transformer;
import dev.visibility.pipeline.EngineSpeed;
import dev.visibility.pipeline.EngineWork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * How close a build's cost estimate comes to the time the computation then takes, on every test model at a few
 * text lengths and on a random checkpoint of GPT-2 small's shapes (as the benchmark writes it): prints a table of estimated and measured seconds and how many are within a factor of 2. It is a
 * benchmark, not a timed test, and asserts nothing about speed; its name keeps it out of the default test run.
 * The speed is measured once, as a command measures it before its first computation: in a JVM of its own that has
 * computed nothing yet, where the same calibration reads about three times slower elementwise passes than in a JVM
 * that has run for a while, and the estimate's counts are fitted to that. Then one computation at 64 tokens warms
 * this JVM's JIT compiler, whose work would otherwise make the first model of the table look slow at every length.
 * Run it with {@code mvn -B -pl plugin test -Dtest=EstimateAccuracyBenchmark}.
 */
class EstimateAccuracyBenchmark {
    private static final int[] LENGTHS = {20, 64, 128, 256};
    private static final int[] GPT2_SMALL_LENGTHS = {20, 64};

    @Test
    void estimatesAgainstMeasuredTimes(@TempDir Path temp) throws Exception {
        List<String> models = new ArrayList<>(List.of("tiny-gpt2", "deep-gpt2"));
        models.addAll(TestModels.FAMILY_FIXTURES);
        models.add(BenchmarkShape.GPT2.shapeName());
        // The computations timed here run with the engine's threads as a command sets them (OpenMP's idle threads
        // asleep, so that a small operation split among them waits for them to wake).
        TorchSettings.configure(TorchSettings.defaultThreads());
        RandomCheckpoint.write(temp, BenchmarkShape.GPT2);
        EngineSpeed speed = speedInAFreshJvm(temp);
        try (Transformer warmUp = Transformer.load(TestModels.fixture("tiny-gpt2"), Residual.CENTERED)) {
            InfluenceComputation.compute(warmUp, new SplittableRandom(0).longs(64, 0, 100).toArray(),
                    InfluenceComputation.Progress.NONE);
        }
        System.out.println("| model | layers × width | tokens | GFLOP | attention (M elements) | operations"
                + " | matmul (GFLOP/s) | ns per element | µs per operation | estimated (s) | measured (s)"
                + " | estimated / measured |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        int within = 0;
        int cases = 0;
        for (String name : models) {
            boolean gpt2Small = name.equals(BenchmarkShape.GPT2.shapeName());
            Path folder = gpt2Small ? temp : TestModels.fixture(name);
            ModelConfig config = ModelConfig.read(folder.resolve("config.json"));
            List<Integer> lengths = new ArrayList<>();
            for (int length : gpt2Small ? GPT2_SMALL_LENGTHS : LENGTHS) {
                if (length <= config.maxPositions()) {
                    lengths.add(length);
                }
            }
            try (Transformer model = Transformer.load(folder, config.defaultResidual())) {
                SplittableRandom random = new SplittableRandom(1);
                for (int length : lengths) {
                    EngineWork work = EngineWork.of(config, length);
                    double estimated = work.seconds(speed);
                    long[] ids = random.longs(length, 0, config.vocabSize()).toArray();
                    long start = System.nanoTime();
                    InfluenceComputation.compute(model, ids, InfluenceComputation.Progress.NONE);
                    double measured = (System.nanoTime() - start) / 1e9;
                    double ratio = estimated / measured;
                    cases++;
                    within += ratio >= 0.5 && ratio <= 2 ? 1 : 0;
                    System.out.printf("| %s | %d × %d | %d | %.2f | %.1f | %d | %.1f | %.2f | %.1f | %.2f | %.2f"
                                    + " | %.2f |%n", name, config.layers(), config.hiddenSize(), length,
                            work.flops() / 1e9, work.attentionFloats() / 1e6, work.operations(), speed.matmulGflops(),
                            speed.secondsPerFloat() * 1e9, speed.secondsPerOperation() * 1e6, estimated, measured,
                            ratio);
                }
            }
        }
        System.out.printf("%nWithin a factor of 2: %d of %d%n", within, cases);
    }

    private static EngineSpeed speedInAFreshJvm(Path temp) throws IOException, InterruptedException {
        Path output = temp.resolve("speed.txt");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FreshJvm.class.getName())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertEquals(0, process.waitFor(), () -> output + ": " + read(output));
        List<String> lines = Files.readAllLines(output);
        String[] values = lines.get(lines.size() - 1).split(" ");
        return new EngineSpeed(Double.parseDouble(values[0]), Double.parseDouble(values[1]),
                Double.parseDouble(values[2]));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Prints the speed that a command measures, with the command's settings and nothing computed before. */
    static final class FreshJvm {
        public static void main(String[] args) {
            TorchSettings.configure(TorchSettings.defaultThreads());
            EngineSpeed speed = EngineSpeed.measure();
            System.out.println(speed.matmulGflops() + " " + speed.secondsPerFloat() + " "
                    + speed.secondsPerOperation());
        }
    }
}
