package dev.visibility.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.List;

/**
 * An embedding matrix that stays on disk: only the rows a text uses are read and converted to float32. Gemma 2's
 * embedding alone is 256000 × 2304, 2.4 GB in float32, and a text of 20 tokens needs 20 rows of it.
 */
final class TokenEmbedding {
    private final Checkpoint.Tensor tensor;
    private final boolean center;
    private final TensorReader reader = new TensorReader();

    /**
     * @param tensor the embedding matrix, {@code [vocabulary, d]}, already checked for NaN and infinity
     * @param center subtract each row's mean over {@code d_model} (the centred convention; the mean is per row,
     *               so centring the rows read is centring the matrix)
     */
    TokenEmbedding(Checkpoint.Tensor tensor, boolean center) {
        this.tensor = tensor;
        this.center = center;
    }

    /** Rows {@code indices} as {@code [indices.length, d]}, in {@code manager}. */
    synchronized NDArray rows(NDManager manager, long[] indices) throws ModelLoadException {
        SafeTensors.Entry entry = tensor.entry();
        List<TensorReader.Rows> rows = new ArrayList<>();
        for (long row : indices) {
            if (row < 0 || row >= entry.shape()[0]) {
                throw new ModelLoadException(tensor.file().file() + ": tensor '" + entry.name() + "' has no row "
                        + row + "; the token id is outside the vocabulary");
            }
            rows.add(new TensorReader.Rows(tensor, row, 1));
        }
        NDArray read = reader.read(manager, rows, new Shape(indices.length, entry.shape()[1]));
        if (!center) {
            return read;
        }
        try (NDArray mean = read.mean(new int[] {-1}, true)) {
            return read.subi(mean);
        }
    }
}
