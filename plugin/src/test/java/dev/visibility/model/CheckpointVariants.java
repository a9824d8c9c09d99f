package dev.visibility.model;

import dev.visibility.TestModels;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
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
        return weights(TestModels.tinyGpt2()).stream().map(Stored::weights).toList();
    }

    /** A tensor of a model folder's {@code model.safetensors}, with the dtype it is stored in. */
    record Stored(Weights weights, SafeTensors.DType dtype) {
    }

    /** Every tensor of {@code folder}'s {@code model.safetensors}, in file order, decoded exactly to float32. */
    static List<Stored> weights(Path folder) throws ModelLoadException {
        List<Stored> weights = new ArrayList<>();
        try (SafeTensors tensors = SafeTensors.open(folder.resolve("model.safetensors"))) {
            for (SafeTensors.Entry entry : tensors.entries().values()) {
                ByteBuffer bytes = ByteBuffer.allocate((int) (entry.end() - entry.start())).order(ByteOrder.LITTLE_ENDIAN);
                tensors.read(entry, 0, bytes);
                bytes.flip();
                float[] values = new float[bytes.remaining() / entry.dtype().bytes()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = switch (entry.dtype()) {
                        case F32 -> bytes.getFloat();
                        case F16 -> HalfFloatValues.fromHalf(bytes.getShort());
                        case BF16 -> HalfFloatValues.fromBfloat16(bytes.getShort());
                    };
                }
                weights.add(new Stored(new Weights(entry.name(), entry.shape(), values), entry.dtype()));
            }
        }
        return weights;
    }

    /**
     * A copy of the model folder {@code original} in {@code folder}, with the values of the tensor {@code name}
     * changed and every tensor stored in the dtype that {@code dtype} gives it.
     */
    static Path folderWithChanged(Path original, Path folder, String name, Consumer<float[]> change,
                                  Function<Stored, SafeTensors.DType> dtype) throws IOException, ModelLoadException {
        List<SafeTensorsWriter.Tensor> tensors = new ArrayList<>();
        for (Stored stored : weights(original)) {
            if (stored.weights().name().equals(name)) {
                change.accept(stored.weights().values());
            }
            tensors.add(stored.weights().as(dtype.apply(stored)));
        }
        Files.createDirectories(folder);
        for (String file : List.of("config.json", "tokenizer.json")) {
            Files.copy(original.resolve(file), folder.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        try (OutputStream out = Files.newOutputStream(folder.resolve("model.safetensors"))) {
            SafeTensorsWriter.write(out, tensors);
        }
        return folder;
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
        return folderWithChanged(TestModels.tinyGpt2(), folder, name, change, stored -> SafeTensors.DType.F32);
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
