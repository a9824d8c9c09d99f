package dev.visibility.model;

import dev.visibility.TestModels;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** Writes variants of the tiny GPT-2 checkpoint: other dtypes, names, extra or broken tensors. */
public final class CheckpointVariants {
    /** A tensor of the tiny checkpoint, read into memory. */
    record Weights(String name, long[] shape, float[] values) {
        SafeTensorsWriter.Tensor as(SafeTensors.DType dtype) {
            return new SafeTensorsWriter.Tensor(name, dtype, shape, index -> values[(int) index]);
        }
    }

    private CheckpointVariants() {
    }

    /** Every tensor of the tiny GPT-2, in file order. */
    static List<Weights> tinyWeights() throws ModelLoadException {
        List<Weights> weights = new ArrayList<>();
        try (SafeTensors tensors = SafeTensors.open(TestModels.tinyGpt2().resolve("model.safetensors"))) {
            for (SafeTensors.Entry entry : tensors.entries().values()) {
                ByteBuffer bytes = ByteBuffer.allocate((int) (entry.end() - entry.start())).order(ByteOrder.LITTLE_ENDIAN);
                tensors.read(entry, 0, bytes);
                FloatBuffer data = bytes.flip().asFloatBuffer();
                float[] values = new float[data.remaining()];
                data.get(values);
                weights.add(new Weights(entry.name(), entry.shape(), values));
            }
        }
        return weights;
    }

    /** A copy of the tiny GPT-2's folder in {@code folder}, with {@code model.safetensors} made of {@code tensors}. */
    static Path folderWith(Path folder, List<SafeTensorsWriter.Tensor> tensors) throws IOException {
        copyTokenizerAndConfig(folder);
        try (OutputStream out = Files.newOutputStream(folder.resolve("model.safetensors"))) {
            SafeTensorsWriter.write(out, tensors);
        }
        return folder;
    }

    /** A copy of the tiny GPT-2's folder in {@code folder}, with {@code model.safetensors} bytes transformed. */
    static Path folderWithBytes(Path folder, UnaryOperator<byte[]> change) throws IOException {
        copyTokenizerAndConfig(folder);
        byte[] original = Files.readAllBytes(TestModels.tinyGpt2().resolve("model.safetensors"));
        Files.write(folder.resolve("model.safetensors"), change.apply(original));
        return folder;
    }

    /**
     * A copy of the tiny GPT-2's folder in {@code folder} whose weights are all finite, so that it loads, but whose
     * block {@code layer} overflows: every weight of its MLP's first layer is the largest float. Its hidden states
     * come out NaN, which is what the engine's own guard must catch.
     */
    public static Path overflowingInBlock(Path folder, int layer) throws IOException, ModelLoadException {
        return folderWithChanged(folder, "h." + layer + ".mlp.c_fc.weight", values -> Arrays.fill(values, Float.MAX_VALUE));
    }

    /** A copy of the tiny GPT-2's folder in {@code folder}, with the values of the tensor {@code name} changed. */
    static Path folderWithChanged(Path folder, String name, Consumer<float[]> change)
            throws IOException, ModelLoadException {
        List<SafeTensorsWriter.Tensor> tensors = new ArrayList<>();
        for (Weights weights : tinyWeights()) {
            if (weights.name().equals(name)) {
                change.accept(weights.values());
            }
            tensors.add(weights.as(SafeTensors.DType.F32));
        }
        return folderWith(folder, tensors);
    }

    /**
     * Copies the tiny GPT-2's {@code config.json} and {@code tokenizer.json} into {@code folder}, which is created if
     * need be: a model folder without weights, or one for a test to give weights of its own.
     */
    public static void copyTokenizerAndConfig(Path folder) throws IOException {
        Files.createDirectories(folder);
        for (String file : List.of("config.json", "tokenizer.json")) {
            Files.copy(TestModels.tinyGpt2().resolve(file), folder.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
