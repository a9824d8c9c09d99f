package dev.visibility.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.nio.IntBuffer;

/**
 * An embedding matrix that stays on disk: only the rows a text uses are read and converted to float32. Gemma 2's
 * embedding alone is 256000 × 2304, 2.4 GB in float32, and a text of 20 tokens needs 20 rows of it.
 */
final class TokenEmbedding {
    /** The embedding is checked for NaN in pieces of this many values, so that it is never held whole. */
    private static final int SCAN_ELEMENTS = 1 << 22;

    private final Checkpoint.Tensor tensor;
    private final boolean center;
    private final TensorValues values = new TensorValues();

    /**
     * Checks every value of the embedding, streaming through it, as every other weight is checked at load time.
     *
     * @param center subtract each row's mean over {@code d_model} (the centred convention; the mean is per row,
     *               so centring the rows read is centring the matrix)
     */
    TokenEmbedding(Checkpoint.Tensor tensor, boolean center) throws ModelLoadException {
        this.tensor = tensor;
        this.center = center;
        long size = tensor.entry().shape()[0] * tensor.entry().shape()[1];
        IntBuffer discarded = IntBuffer.allocate(SCAN_ELEMENTS);
        for (long first = 0; first < size; first += SCAN_ELEMENTS) {
            discarded.clear().limit((int) Math.min(SCAN_ELEMENTS, size - first));
            values.read(tensor, first, discarded);
        }
    }

    /** Rows {@code indices} as {@code [indices.length, d]}, in {@code manager}. */
    NDArray rows(NDManager manager, long[] indices) throws ModelLoadException {
        SafeTensors.Entry entry = tensor.entry();
        int width = (int) entry.shape()[1];
        IntBuffer bits = IntBuffer.allocate(indices.length * width);
        for (long row : indices) {
            if (row < 0 || row >= entry.shape()[0]) {
                throw new ModelLoadException(tensor.file().file() + ": tensor '" + entry.name() + "' has no row "
                        + row + "; the token id is outside the vocabulary");
            }
            values.read(tensor, row * width, bits.slice().limit(width));
            bits.position(bits.position() + width);
        }
        float[] floats = new float[bits.capacity()];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = Float.intBitsToFloat(bits.get(i));
        }
        NDArray rows = manager.create(floats, new Shape(indices.length, width));
        return center ? rows.sub(rows.mean(new int[] {-1}, true)) : rows;
    }
}
