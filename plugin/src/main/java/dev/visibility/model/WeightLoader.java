package dev.visibility.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Turns the tensors of a GPT-2 safetensors file into float32 arrays, checking every name and shape against the
 * config. Names may carry the {@code transformer.} prefix of {@code GPT2LMHeadModel} checkpoints or not.
 */
final class WeightLoader {
    private static final String PREFIX = "transformer.";

    private final SafeTensors tensors;
    private final NDManager manager;
    private final boolean prefixed;

    WeightLoader(SafeTensors tensors, NDManager manager) {
        this.tensors = tensors;
        this.manager = manager;
        this.prefixed = tensors.entries().containsKey(PREFIX + "wte.weight");
    }

    /** Loads the tensor {@code name} (without prefix), which must have exactly {@code shape}. */
    NDArray load(String name, long... shape) throws ModelLoadException {
        String stored = prefixed ? PREFIX + name : name;
        SafeTensors.Entry entry = tensors.entries().get(stored);
        if (entry == null) {
            throw new ModelLoadException(tensors.file() + ": tensor '" + stored + "' is missing");
        }
        if (!Arrays.equals(entry.shape(), shape)) {
            throw new ModelLoadException(tensors.file() + ": tensor '" + stored + "' has shape "
                    + Arrays.toString(entry.shape()) + " but config.json implies " + Arrays.toString(shape));
        }
        ByteBuffer bytes = tensors.map(entry);
        if (entry.dtype() == SafeTensors.DType.BF16) {
            // PyTorch aborts the JVM when DJL hands it bfloat16 bytes, so they are widened here: a bfloat16 is
            // the upper half of a float32.
            bytes = widenBfloat16(bytes);
        }
        // The array first aliases its buffer, and a mapped file is unmapped at some later garbage collection, so
        // it is always materialised as a float32 copy. (toType to the same type would return another alias.)
        DataType type = entry.dtype() == SafeTensors.DType.F16 ? DataType.FLOAT16 : DataType.FLOAT32;
        try (NDArray view = manager.create(bytes, new Shape(shape), type)) {
            return type == DataType.FLOAT32 ? view.duplicate() : view.toType(DataType.FLOAT32, false);
        }
    }

    private static ByteBuffer widenBfloat16(ByteBuffer bfloat16) {
        ByteBuffer float32 = ByteBuffer.allocateDirect(bfloat16.remaining() * 2).order(ByteOrder.LITTLE_ENDIAN);
        while (bfloat16.hasRemaining()) {
            float32.putInt((bfloat16.getShort() & 0xFFFF) << 16);
        }
        return float32.flip();
    }
}
