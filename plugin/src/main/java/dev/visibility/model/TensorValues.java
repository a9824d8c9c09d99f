package dev.visibility.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;

/**
 * Reads a tensor's values as float32 bits, piece by piece through one small buffer: F16 and BF16 are widened
 * exactly, and a NaN or infinity is refused by tensor name, since one of them turns every heatmap into NaN, or
 * into zeros after a norm. Nothing is memory-mapped, so a large tensor never counts twice towards the process's
 * memory, and no tensor needs to fit one mapping.
 */
final class TensorValues {
    private static final int PIECE_ELEMENTS = 1 << 20;

    private final ByteBuffer raw = ByteBuffer.allocate(PIECE_ELEMENTS * 4).order(ByteOrder.LITTLE_ENDIAN);
    private final short[] halves = new short[PIECE_ELEMENTS];
    private final int[] bits = new int[PIECE_ELEMENTS];

    /** Puts the float32 bits of elements {@code first …} of {@code tensor} into {@code out}, as many as it has room for. */
    void read(Checkpoint.Tensor tensor, long first, IntBuffer out) throws ModelLoadException {
        SafeTensors.DType dtype = tensor.entry().dtype();
        while (out.hasRemaining()) {
            int count = Math.min(PIECE_ELEMENTS, out.remaining());
            raw.clear().limit(count * dtype.bytes());
            tensor.file().read(tensor.entry(), first * dtype.bytes(), raw);
            raw.flip();
            boolean finite = switch (dtype) {
                case F32 -> float32(count);
                case BF16 -> bfloat16(count);
                case F16 -> float16(count);
            };
            if (!finite) {
                throw nonFinite(tensor, first, count);
            }
            out.put(bits, 0, count);
            first += count;
        }
    }

    private boolean float32(int count) {
        raw.asIntBuffer().get(bits, 0, count);
        return allFinite(count);
    }

    /** A bfloat16 is the upper half of a float32. */
    private boolean bfloat16(int count) {
        raw.asShortBuffer().get(halves, 0, count);
        for (int i = 0; i < count; i++) {
            bits[i] = halves[i] << 16;
        }
        return allFinite(count);
    }

    private boolean float16(int count) {
        raw.asShortBuffer().get(halves, 0, count);
        for (int i = 0; i < count; i++) {
            bits[i] = Float.floatToRawIntBits(HalfFloats.toFloat(halves[i]));
        }
        // binary16's infinities and NaNs widen to float32's, so the float32 test serves.
        return allFinite(count);
    }

    /** A float32 is finite exactly when some bit of its exponent is clear. */
    private boolean allFinite(int count) {
        boolean finite = true;
        for (int i = 0; i < count; i++) {
            finite &= (bits[i] & 0x7F80_0000) != 0x7F80_0000;
        }
        return finite;
    }

    private ModelLoadException nonFinite(Checkpoint.Tensor tensor, long first, int count) {
        int i = 0;
        while (i < count && (bits[i] & 0x7F80_0000) != 0x7F80_0000) {
            i++;
        }
        return new ModelLoadException(tensor.file().file() + ": tensor '" + tensor.entry().name() + "' holds a NaN"
                + " or infinite value (element " + (first + i) + "); the checkpoint is damaged");
    }
}
