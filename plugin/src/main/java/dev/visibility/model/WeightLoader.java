package dev.visibility.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

/**
 * Turns the tensors of a checkpoint into float32 arrays, checking every name and shape against the config. Names
 * may carry the prefix of the family's language-model class ({@code transformer.}, {@code gpt_neox.},
 * {@code model.}) or not, as a checkpoint of the bare model has none.
 */
final class WeightLoader {
    private static final Pattern BLOCK = Pattern.compile("(?:^|\\.)(?:h|layers)\\.(\\d{1,9})\\.");

    private final Checkpoint checkpoint;
    private final Supplier<NDManager> engine;
    private final String prefix;
    private final TensorReader reader = new TensorReader();

    /**
     * @param engine the manager that loaded arrays belong to, asked for only when a tensor is loaded: streamed
     *               tensors need no engine, so the embedding can be checked while the engine still starts
     * @param names  the family's names: whether the embedding carries the prefix tells whether every name does
     */
    WeightLoader(Checkpoint checkpoint, Supplier<NDManager> engine, Family.Names names) {
        this.checkpoint = checkpoint;
        this.engine = engine;
        this.prefix = checkpoint.tensor(names.prefix() + names.embedding()).isPresent() ? names.prefix() : "";
    }

    /** The tensor {@code name} (without prefix), which must have exactly {@code shape}, not yet read. */
    Checkpoint.Tensor entry(String name, long... shape) throws ModelLoadException {
        String stored = prefix + name;
        Checkpoint.Tensor tensor = checkpoint.tensor(stored).orElseThrow(() -> new ModelLoadException(
                checkpoint.file() + ": tensor '" + stored + "' is missing"));
        if (!Arrays.equals(tensor.entry().shape(), shape)) {
            throw new ModelLoadException(tensor.file().file() + ": tensor '" + stored + "' has shape "
                    + Arrays.toString(tensor.entry().shape()) + " but config.json implies " + Arrays.toString(shape));
        }
        return tensor;
    }

    /**
     * The tensor {@code name} as {@link #entry}, left on disk to be read in parts later, but checked now for NaN
     * and infinity as every loaded weight is.
     */
    Checkpoint.Tensor streamed(String name, long... shape) throws ModelLoadException {
        Checkpoint.Tensor tensor = entry(name, shape);
        reader.requireFinite(tensor);
        return tensor;
    }

    /** Loads the tensor {@code name} (without prefix), which must have exactly {@code shape}. */
    NDArray load(String name, long... shape) throws ModelLoadException {
        return reader.read(engine.get(), List.of(TensorReader.Rows.whole(entry(name, shape))), new Shape(shape));
    }

    /** Loads the stored {@code rows}, stacked along the first axis into one array of {@code shape}. */
    NDArray load(List<TensorReader.Rows> rows, long... shape) throws ModelLoadException {
        return reader.read(engine.get(), rows, new Shape(shape));
    }

    /**
     * Loads an {@code nn.Linear} weight, stored {@code [out, in]}, as the {@code [in, out]} matrix that rows are
     * multiplied by (a transposed view: the matrix multiply reads it as it is).
     */
    NDArray linear(String name, long out, long in) throws ModelLoadException {
        return linear(List.of(TensorReader.Rows.whole(entry(name, out, in))), out, in);
    }

    /** {@link #linear} of the stored {@code rows}, stacked as {@code [out, in]}. */
    NDArray linear(List<TensorReader.Rows> rows, long out, long in) throws ModelLoadException {
        return derive(NDArray::transpose, load(rows, out, in));
    }

    /**
     * {@code nn.Linear} weights that read the same {@code in} features, side by side as one {@code [in, Σ out]}
     * matrix, so that one multiply makes every output: read stacked as stored, then transposed.
     */
    NDArray linears(long in, Linear... parts) throws ModelLoadException {
        return linear(stackedRows(".weight", parts, in), Arrays.stream(parts).mapToLong(Linear::out).sum(), in);
    }

    /** The biases of {@link #linears}, side by side in the same order. */
    NDArray biases(Linear... parts) throws ModelLoadException {
        return load(stackedRows(".bias", parts), Arrays.stream(parts).mapToLong(Linear::out).sum());
    }

    /** The tensors {@code part + suffix}, each {@code [out, rest...]}, whole, in order. */
    private List<TensorReader.Rows> stackedRows(String suffix, Linear[] parts, long... rest) throws ModelLoadException {
        List<TensorReader.Rows> rows = new ArrayList<>();
        for (Linear part : parts) {
            long[] shape = LongStream.concat(LongStream.of(part.out()), LongStream.of(rest)).toArray();
            rows.add(TensorReader.Rows.whole(entry(part.name() + suffix, shape)));
        }
        return rows;
    }

    /** One {@code nn.Linear} of {@link #linears}: its name without {@code .weight}, and its output width. */
    record Linear(String name, long out) {
    }

    /** The family's norm called {@code name} over {@code width} features: a gain, and LayerNorm's bias. */
    Norm norm(String name, ModelConfig config, long width) throws ModelLoadException {
        NDArray bias = config.norm() == Normalization.LAYER_NORM ? load(name + ".bias", width) : null;
        return new Norm(config.norm(), load(name + ".weight", width), bias, config.normEpsilon());
    }

    /**
     * The centred convention removes the mean over {@code d_model} from whatever writes into the residual stream;
     * the residual dimension is the last axis of every such weight as loaded here.
     */
    NDArray writesResidual(NDArray weight, boolean center) {
        if (center) {
            // In place: a copy of every such weight would cost as much memory traffic as loading it.
            try (NDArray mean = weight.mean(new int[] {-1}, true)) {
                weight.subi(mean);
            }
        }
        return weight;
    }

    /**
     * {@code f} of the loaded {@code source}, computed in a scratch manager so that the source and every temporary
     * are freed at once, and only the result (which may be a view of the source) stays with the model.
     */
    NDArray derive(UnaryOperator<NDArray> f, NDArray source) {
        NDManager manager = engine.get();
        try (NDManager scratch = manager.newSubManager()) {
            source.attach(scratch);
            NDArray result = f.apply(source);
            result.attach(manager);
            return result;
        }
    }

    /**
     * Refuses a checkpoint with more blocks than {@code config.json} says: the extra blocks would be silently
     * ignored, and the heatmaps would be those of another, shallower model.
     */
    void requireBlockCount(int layers, String key) throws ModelLoadException {
        for (String name : checkpoint.names()) {
            Matcher block = BLOCK.matcher(name);
            if (block.find() && Long.parseLong(block.group(1)) >= layers) {
                throw new ModelLoadException(checkpoint.file() + ": tensor '" + name + "' belongs to block "
                        + block.group(1) + ", but config.json's " + key + " is " + layers + "; the config does not"
                        + " match the checkpoint");
            }
        }
    }
}
