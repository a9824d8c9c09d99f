package dev.visibility.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads stored tensors into float32 arrays. Their bytes go as they are into one native buffer that is reused, are
 * checked there for NaN and infinity (refused by tensor and element: one of them turns every heatmap into NaN, or
 * into zeros after a norm), and PyTorch widens them to float32 (exactly, for F16 and BF16) straight into the
 * array's own memory. So each weight's float32 memory is written once, with no intermediate copy: on machines
 * where first touching fresh memory is slow, every extra copy of the weights costs seconds. Nothing is
 * memory-mapped, so no weight counts twice towards the process's memory.
 */
final class TensorReader {
    /** A run of {@code count} consecutive rows (slices along the first axis) of a stored tensor. */
    record Rows(Checkpoint.Tensor tensor, long first, long count) {
        static Rows whole(Checkpoint.Tensor tensor) {
            return new Rows(tensor, 0, tensor.entry().shape()[0]);
        }

        long elementsPerRow() {
            long[] shape = tensor.entry().shape();
            long elements = 1;
            for (int axis = 1; axis < shape.length; axis++) {
                elements *= shape[axis];
            }
            return elements;
        }

        long elements() {
            return count * elementsPerRow();
        }

        SafeTensors.DType dtype() {
            return tensor.entry().dtype();
        }
    }

    /** The finiteness check reads the native buffer in pieces of this many values, through heap arrays. */
    private static final int PIECE_ELEMENTS = 1 << 20;
    /**
     * The bytes of a streamed tensor read at a time. With 64 MB pieces, GPT-2's embedding check left a 64 MB
     * scratch buffer resident, for blocks whose largest tensor is 9 MB.
     */
    private static final long STREAMED_PIECE_BYTES = 4 << 20;

    private final int[] words = new int[PIECE_ELEMENTS];
    private final short[] halves = new short[PIECE_ELEMENTS];
    /*
     * Native buffers, grown for the largest array read and reused: the stored bytes, and bfloat16 widened to
     * float32. Safetensors data is little-endian, as PyTorch's memory is on every platform this plugin ships for.
     */
    private ByteBuffer scratch = ByteBuffer.allocateDirect(0);
    private ByteBuffer widened = ByteBuffer.allocateDirect(0);

    /**
     * {@code rows}, stacked in order along the first axis, as one float32 array of {@code shape} in
     * {@code manager}. Rows of one element type become the array in one conversion; a stack that mixes types
     * (which no published checkpoint does) is converted run by run and joined.
     */
    NDArray read(NDManager manager, List<Rows> rows, Shape shape) throws ModelLoadException {
        List<List<Rows>> runs = new ArrayList<>();
        for (Rows part : rows) {
            if (runs.isEmpty() || runs.get(runs.size() - 1).get(0).dtype() != part.dtype()) {
                runs.add(new ArrayList<>());
            }
            runs.get(runs.size() - 1).add(part);
        }
        if (runs.size() == 1) {
            return readRun(manager, rows, shape);
        }
        try (NDManager joining = manager.newSubManager()) {
            NDList converted = new NDList();
            for (List<Rows> run : runs) {
                long elements = run.stream().mapToLong(Rows::elements).sum();
                converted.add(readRun(joining, run, new Shape(elements)));
            }
            NDArray joined = NDArrays.concat(converted).reshape(shape);
            joined.attach(manager);
            return joined;
        }
    }

    /**
     * Checks every value of {@code tensor} for NaN and infinity, streaming through it without keeping it: in
     * pieces of about {@link #STREAMED_PIECE_BYTES}, so that the scratch buffer, which the blocks' tensors then
     * reuse, grows no larger than the largest of those needs.
     */
    void requireFinite(Checkpoint.Tensor tensor) throws ModelLoadException {
        Rows whole = Rows.whole(tensor);
        long rowsPerPiece = Math.max(1, STREAMED_PIECE_BYTES / (whole.elementsPerRow() * whole.dtype().bytes()));
        long rowCount = tensor.entry().shape()[0];
        for (long first = 0; first < rowCount; first += rowsPerPiece) {
            Rows piece = new Rows(tensor, first, Math.min(rowsPerPiece, rowCount - first));
            fill(List.of(piece), piece.elements() * piece.dtype().bytes());
        }
    }

    private NDArray readRun(NDManager manager, List<Rows> run, Shape shape) throws ModelLoadException {
        SafeTensors.DType dtype = run.get(0).dtype();
        if (shape.size() * Float.BYTES > Integer.MAX_VALUE) {
            throw new ModelLoadException(run.get(0).tensor().file().file() + ": tensor '"
                    + run.get(0).tensor().entry().name() + "' is too large to load whole (" + shape.size()
                    + " values; at most " + Integer.MAX_VALUE / Float.BYTES + "); only embeddings are read by rows");
        }
        ByteBuffer bytes = fill(run, shape.size() * dtype.bytes());
        // The view aliases a scratch buffer, which the next read overwrites; the float32 array owns its memory.
        // DJL's PyTorch binding cannot make a bfloat16 array, so bfloat16 is widened here, and binary16 by PyTorch.
        try (NDArray view = dtype == SafeTensors.DType.F16 ? manager.create(bytes, shape, DataType.FLOAT16)
                : manager.create(dtype == SafeTensors.DType.BF16 ? widen(bytes) : bytes, shape, DataType.FLOAT32)) {
            // toType to the type an array already has would return another alias, so float32 is copied.
            return dtype == SafeTensors.DType.F16 ? view.toType(DataType.FLOAT32, false) : view.duplicate();
        }
    }

    /** The float32 values of {@code bfloat16} values: each is the upper half of its float32. */
    private ByteBuffer widen(ByteBuffer bfloat16) {
        int count = bfloat16.remaining() / 2;
        widened = capacity(widened, count * 4L);
        for (int done = 0; done < count; done += PIECE_ELEMENTS) {
            int n = Math.min(PIECE_ELEMENTS, count - done);
            bfloat16.asShortBuffer().get(done, halves, 0, n);
            for (int i = 0; i < n; i++) {
                words[i] = halves[i] << 16;
            }
            widened.asIntBuffer().put(done, words, 0, n);
        }
        return widened;
    }

    /** {@code buffer}, or a larger one when it is too small, holding exactly {@code bytes} from its start. */
    private static ByteBuffer capacity(ByteBuffer buffer, long bytes) {
        if (buffer.capacity() < bytes) {
            buffer = ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        }
        return buffer.clear().limit((int) bytes);
    }

    /** Reads {@code run} into the scratch buffer, one part after another, checking each; returns its bytes. */
    private ByteBuffer fill(List<Rows> run, long totalBytes) throws ModelLoadException {
        scratch = capacity(scratch, totalBytes);
        for (Rows part : run) {
            int start = scratch.position();
            long first = part.first() * part.elementsPerRow();
            ByteBuffer into = scratch.slice().limit((int) (part.elements() * part.dtype().bytes()))
                    .order(ByteOrder.LITTLE_ENDIAN);
            part.tensor().file().read(part.tensor().entry(), first * part.dtype().bytes(), into);
            requireFinite(part, into.flip(), first);
            scratch.position(start + into.limit());
        }
        return scratch.flip();
    }

    /**
     * A value is finite exactly when some bit of its exponent is clear, in each of the three formats; binary16's
     * and bfloat16's infinities and NaNs widen to float32's, so testing the stored bits is testing the result.
     */
    private void requireFinite(Rows part, ByteBuffer bytes, long firstElement) throws ModelLoadException {
        int exponent = switch (part.dtype()) {
            case F32 -> 0x7F80_0000;
            case BF16 -> 0x7F80;
            case F16 -> 0x7C00;
        };
        long count = part.elements();
        for (int done = 0; done < count; done += PIECE_ELEMENTS) {
            int n = (int) Math.min(PIECE_ELEMENTS, count - done);
            if (part.dtype() == SafeTensors.DType.F32) {
                bytes.asIntBuffer().get(done, words, 0, n);
            } else {
                bytes.asShortBuffer().get(done, halves, 0, n);
                for (int i = 0; i < n; i++) {
                    words[i] = halves[i];
                }
            }
            boolean finite = true;
            for (int i = 0; i < n; i++) {
                finite &= (words[i] & exponent) != exponent;
            }
            if (!finite) {
                int i = 0;
                while ((words[i] & exponent) != exponent) {
                    i++;
                }
                throw new ModelLoadException(part.tensor().file().file() + ": tensor '" + part.tensor().entry().name()
                        + "' holds a NaN or infinite value (element " + (firstElement + done + i) + "); the"
                        + " checkpoint is damaged");
            }
        }
    }
}
