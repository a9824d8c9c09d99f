package dev.visibility.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the tensors of a GPT-2 safetensors file into float32 arrays, checking every name and shape against the
 * config. Names may carry the {@code transformer.} prefix of {@code GPT2LMHeadModel} checkpoints or not.
 */
final class WeightLoader {
    private static final String PREFIX = "transformer.";
    private static final Pattern BLOCK = Pattern.compile("^(?:" + Pattern.quote(PREFIX) + ")?h\\.(\\d{1,9})\\.");

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
        requireFinite(stored, entry.dtype(), bytes);
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

    /**
     * One NaN or infinity in a weight turns every heatmap into NaN, or into zeros after LayerNorm, so it is refused
     * here, by name. A value is not finite exactly when all bits of its exponent are set, in all three formats.
     */
    private void requireFinite(String name, SafeTensors.DType dtype, ByteBuffer bytes) throws ModelLoadException {
        int exponent = switch (dtype) {
            case F32 -> 0x7F80_0000;
            case F16 -> 0x7C00;
            case BF16 -> 0x7F80;
        };
        ByteBuffer values = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        for (long index = 0; values.hasRemaining(); index++) {
            int bits = dtype.bytes() == 4 ? values.getInt() : values.getShort();
            if ((bits & exponent) == exponent) {
                throw new ModelLoadException(tensors.file() + ": tensor '" + name + "' holds a NaN or infinite"
                        + " value (element " + index + "); the checkpoint is damaged");
            }
        }
    }

    /**
     * Refuses a checkpoint with more blocks than {@code config.json}'s {@code n_layer}: the extra blocks would be
     * silently ignored, and the heatmaps would be those of another, shallower model.
     */
    void requireBlockCount(int nLayer) throws ModelLoadException {
        for (String name : tensors.entries().keySet()) {
            Matcher block = BLOCK.matcher(name);
            if (block.find() && Long.parseLong(block.group(1)) >= nLayer) {
                throw new ModelLoadException(tensors.file() + ": tensor '" + name + "' belongs to block "
                        + block.group(1) + ", but config.json's n_layer is " + nLayer + "; the config does not"
                        + " match the checkpoint");
            }
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
