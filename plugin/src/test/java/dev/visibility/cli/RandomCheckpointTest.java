package dev.visibility.cli;

import dev.visibility.TestModels;
import dev.visibility.cli.BenchmarkShape.Dimensions;
import dev.visibility.model.ModelConfig;
import dev.visibility.model.SafeTensors;
import dev.visibility.model.Transformer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The benchmark's random checkpoints: written small, each shape has the real tensor layout of its family and loads;
 * at the real sizes, the configs read as the real models and the layouts hold the real parameter counts.
 */
class RandomCheckpointTest {
    /** A small checkpoint of each family written as the hub has it, whose tensor names are the real ones. */
    private static final Map<BenchmarkShape.Family, String> FIXTURES = Map.of(
            BenchmarkShape.Family.GPT2, "/tiny-gpt2",
            BenchmarkShape.Family.GPT_NEOX, "/tiny-pythia",
            BenchmarkShape.Family.LLAMA, "/tiny-llama",
            BenchmarkShape.Family.QWEN2, "/tiny-qwen2",
            BenchmarkShape.Family.GEMMA2, "/tiny-gemma2");

    @TempDir
    Path temp;

    /**
     * Small sizes with {@code shape}'s structure: grouped keys and values where the model has them, a head width
     * that is not hidden/heads where the config states it, and the real context.
     */
    private static Dimensions small(BenchmarkShape shape) {
        Dimensions real = shape.dimensions();
        boolean statesHeadDim = shape.configJson().contains("\"head_dim\"");
        return new Dimensions(2, 64, 4, real.kvHeads() == real.heads() ? 4 : 2, statesHeadDim ? 24 : 16,
                shape.family() == BenchmarkShape.Family.GPT2 ? 256 : 96, 300, real.maxPositions());
    }

    @ParameterizedTest
    @EnumSource(BenchmarkShape.class)
    void writtenSmallEachShapeHasItsFamilysTensorsAndLoads(BenchmarkShape shape) throws Exception {
        Dimensions d = small(shape);
        RandomCheckpoint.write(temp, shape, d);

        ModelConfig config = ModelConfig.read(temp.resolve("config.json"));
        assertEquals(new Dimensions(config.layers(), config.hiddenSize(), config.heads(), config.kvHeads(),
                config.headDim(), config.intermediateSize(), config.vocabSize(), config.maxPositions()), d);

        try (SafeTensors written = SafeTensors.open(temp.resolve("model.safetensors"));
             SafeTensors fixture = SafeTensors.open(TestModels.resource(FIXTURES.get(shape.family()))
                     .resolve("model.safetensors"))) {
            assertEquals(layerless(fixture.entries().keySet()), layerless(written.entries().keySet()));
            for (SafeTensors.Entry entry : written.entries().values()) {
                assertEquals(shape.dtype(), entry.dtype(), entry.name());
            }
            String norm = shape.family() == BenchmarkShape.Family.GPT2 ? "h.1.ln_1.weight"
                    : shape.family() == BenchmarkShape.Family.GPT_NEOX ? "gpt_neox.layers.1.input_layernorm.weight"
                    : "model.layers.1.input_layernorm.weight";
            float gain = shape.family() == BenchmarkShape.Family.GEMMA2 ? 0 : 1; // Gemma scales by 1 + gain
            assertEquals(gain, firstValue(written, norm), norm);
        }

        try (Transformer model = Transformer.load(temp, config.defaultResidual())) {
            assertEquals(d.layers(), model.config().layers());
        }
    }

    /** The tensor names with every layer index replaced by N, so that checkpoints of any depth compare. */
    private static Set<String> layerless(Set<String> names) {
        Set<String> result = new TreeSet<>();
        for (String name : names) {
            result.add(name.replaceAll("(^|\\.)(h|layers)\\.\\d+\\.", "$1$2.N."));
        }
        return result;
    }

    private static float firstValue(SafeTensors tensors, String name) throws Exception {
        SafeTensors.Entry entry = tensors.entries().get(name);
        assertNotNull(entry, name);
        ByteBuffer bytes = ByteBuffer.allocate(entry.dtype().bytes()).order(ByteOrder.LITTLE_ENDIAN);
        tensors.read(entry, 0, bytes);
        return switch (entry.dtype()) {
            case F32 -> bytes.getFloat(0);
            case BF16 -> Float.intBitsToFloat(bytes.getShort(0) << 16);
            // Normal binary16 values and zero are all a gain or a bias is written as here.
            case F16 -> {
                int half = bytes.getShort(0) & 0xFFFF;
                int exponent = (half >>> 10) & 0x1F;
                float magnitude = exponent == 0 ? 0 : (1 + (half & 0x3FF) / 1024f) * (float) Math.pow(2, exponent - 15);
                yield (half & 0x8000) == 0 ? magnitude : -magnitude;
            }
        };
    }

    @ParameterizedTest
    @EnumSource(BenchmarkShape.class)
    void atTheRealSizesTheConfigReadsAsTheRealModel(BenchmarkShape shape) throws Exception {
        Path file = temp.resolve("config.json");
        Files.writeString(file, shape.configJson());
        ModelConfig config = ModelConfig.read(file);
        Dimensions real = shape.dimensions();
        assertEquals(real, new Dimensions(config.layers(), config.hiddenSize(), config.heads(), config.kvHeads(),
                config.headDim(), config.intermediateSize(), config.vocabSize(), config.maxPositions()));
        Map<BenchmarkShape, Integer> bos = Map.of(BenchmarkShape.GPT2, 50256, BenchmarkShape.PYTHIA_160M, 0,
                BenchmarkShape.SMOLLM2_135M, 0, BenchmarkShape.QWEN2_5_0_5B, 151643,
                BenchmarkShape.LLAMA_3_2_1B, 128000, BenchmarkShape.GEMMA_2_2B, 2);
        assertEquals(bos.get(shape), config.bosTokenId());
        switch (shape) {
            case LLAMA_3_2_1B -> {
                assertEquals(500000, config.rope().theta());
                assertEquals(32, config.rope().scaling().factor());
            }
            case SMOLLM2_135M -> assertNull(config.rope().scaling());
            case GEMMA_2_2B -> {
                assertEquals(1 / 16.0, config.attention().scale(), 1e-15); // query_pre_attn_scalar 256
                assertEquals(50, config.attention().softcap());
                assertEquals(4096, config.attention().slidingWindow());
            }
            case PYTHIA_160M -> assertEquals(16, config.rope().dims()); // rotary_pct 0.25 of 64
            default -> {
            }
        }
    }

    /** The parameter counts that the hub shows for the real models: the shapes are theirs. */
    @Test
    void atTheRealSizesTheLayoutsHoldTheRealParameterCounts() {
        Map<BenchmarkShape, Long> hub = Map.of(BenchmarkShape.GPT2, 124_439_808L,
                BenchmarkShape.PYTHIA_160M, 162_322_944L, BenchmarkShape.SMOLLM2_135M, 134_515_008L,
                BenchmarkShape.QWEN2_5_0_5B, 494_032_768L, BenchmarkShape.LLAMA_3_2_1B, 1_235_814_400L,
                BenchmarkShape.GEMMA_2_2B, 2_614_341_888L);
        for (BenchmarkShape shape : BenchmarkShape.values()) {
            RandomCheckpoint.Layout layout = RandomCheckpoint.layout(shape, shape.dimensions());
            long parameters = layout.tensors().stream()
                    .filter(tensor -> !tensor.name().endsWith("inv_freq")) // a buffer, not a parameter
                    .mapToLong(tensor -> {
                        long count = 1;
                        for (long dim : tensor.shape()) {
                            count *= dim;
                        }
                        return count;
                    }).sum();
            assertEquals(hub.get(shape), parameters, shape.shapeName());
        }
    }
}
