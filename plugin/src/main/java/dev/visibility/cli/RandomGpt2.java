package dev.visibility.cli;

import dev.visibility.io.AtomicFiles;
import dev.visibility.model.SafeTensors;
import dev.visibility.model.SafeTensorsWriter;
import dev.visibility.model.SafeTensorsWriter.Tensor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a GPT-2 checkpoint with random weights and exactly GPT-2 small's shapes (124M parameters), so that the
 * benchmark measures the real workload without needing the real weights.
 */
final class RandomGpt2 {
    static final int LAYERS = 12;
    static final int HEADS = 12;
    static final int WIDTH = 768;
    static final int VOCABULARY = 50257;
    static final int CONTEXT = 1024;

    private RandomGpt2() {
    }

    /** Writes {@code config.json} and {@code model.safetensors} into {@code folder}. */
    static void write(Path folder) throws IOException {
        String config = """
                {"model_type": "gpt2", "activation_function": "gelu_new", "n_layer": %d, "n_head": %d,
                 "n_embd": %d, "vocab_size": %d, "n_positions": %d, "layer_norm_epsilon": 1e-05}
                """.formatted(LAYERS, HEADS, WIDTH, VOCABULARY, CONTEXT);
        AtomicFiles.write(folder.resolve("config.json"), config.getBytes(StandardCharsets.UTF_8));
        SplittableRandom random = new SplittableRandom(2019);
        List<Tensor> tensors = new ArrayList<>();
        tensors.add(gaussian("wte.weight", random, VOCABULARY, WIDTH));
        tensors.add(gaussian("wpe.weight", random, CONTEXT, WIDTH));
        for (int layer = 0; layer < LAYERS; layer++) {
            String h = "h." + layer + ".";
            tensors.add(constant(h + "ln_1.weight", 1, WIDTH));
            tensors.add(constant(h + "ln_1.bias", 0, WIDTH));
            tensors.add(gaussian(h + "attn.c_attn.weight", random, WIDTH, 3 * WIDTH));
            tensors.add(constant(h + "attn.c_attn.bias", 0, 3 * WIDTH));
            tensors.add(gaussian(h + "attn.c_proj.weight", random, WIDTH, WIDTH));
            tensors.add(constant(h + "attn.c_proj.bias", 0, WIDTH));
            tensors.add(constant(h + "ln_2.weight", 1, WIDTH));
            tensors.add(constant(h + "ln_2.bias", 0, WIDTH));
            tensors.add(gaussian(h + "mlp.c_fc.weight", random, WIDTH, 4 * WIDTH));
            tensors.add(constant(h + "mlp.c_fc.bias", 0, 4 * WIDTH));
            tensors.add(gaussian(h + "mlp.c_proj.weight", random, 4 * WIDTH, WIDTH));
            tensors.add(constant(h + "mlp.c_proj.bias", 0, WIDTH));
        }
        AtomicFiles.write(folder.resolve("model.safetensors"), out -> SafeTensorsWriter.write(out, tensors));
    }

    /** GPT-2's initialisation scale: normal with standard deviation 0.02. */
    private static Tensor gaussian(String name, SplittableRandom random, long... shape) {
        SplittableRandom own = random.split();
        return new Tensor(name, SafeTensors.DType.F32, shape, index -> (float) (own.nextGaussian() * 0.02));
    }

    private static Tensor constant(String name, float value, long... shape) {
        return new Tensor(name, SafeTensors.DType.F32, shape, index -> value);
    }
}
