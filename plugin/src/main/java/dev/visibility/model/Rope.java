package dev.visibility.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Rotary position embedding with the {@code rotate_half} convention of Llama and GPT-NeoX: the first
 * {@code dims} features of each head are rotated, the first half of them against the second half, by angles
 * {@code position · inverseFrequency}; the rest pass through (GPT-NeoX's partial rotary).
 *
 * @param dims    how many features of each head rotate (even)
 * @param theta   the base of the frequencies ({@code rope_theta}, {@code rotary_emb_base})
 * @param scaling Llama 3's frequency scaling, or null
 */
public record Rope(int dims, double theta, Llama3Scaling scaling) {
    /**
     * {@code rope_scaling} of type {@code llama3}: long wavelengths are divided by {@code factor}, short ones
     * kept, and those between blended smoothly.
     */
    public record Llama3Scaling(double factor, double lowFrequencyFactor, double highFrequencyFactor,
                                int originalMaxPositions) {
        double scale(double inverseFrequency) {
            double wavelength = 2 * Math.PI / inverseFrequency;
            double lowFrequencyWavelength = originalMaxPositions / lowFrequencyFactor;
            double highFrequencyWavelength = originalMaxPositions / highFrequencyFactor;
            if (wavelength > lowFrequencyWavelength) {
                return inverseFrequency / factor;
            }
            if (wavelength < highFrequencyWavelength) {
                return inverseFrequency;
            }
            double smooth = (originalMaxPositions / wavelength - lowFrequencyFactor)
                    / (highFrequencyFactor - lowFrequencyFactor);
            return (1 - smooth) * inverseFrequency / factor + smooth * inverseFrequency;
        }
    }

    /** The angles' cosines and sines for positions {@code 0..length-1}, each {@code [length, dims]}. */
    public record Table(NDArray cos, NDArray sin) {
    }

    /**
     * {@code cos} and {@code sin} of {@code position · inverseFrequency[i mod dims/2]}, as Hugging Face lays
     * them out ({@code cat(freqs, freqs)}). The frequencies are computed in float32, as transformers does.
     */
    public Table table(NDManager manager, int length) {
        int half = dims / 2;
        float[] inverse = new float[half];
        for (int i = 0; i < half; i++) {
            float exponent = (float) (2 * i) / dims;
            float frequency = (float) (1.0 / Math.pow(theta, exponent));
            inverse[i] = scaling == null ? frequency : (float) scaling.scale(frequency);
        }
        float[] cos = new float[length * dims];
        float[] sin = new float[length * dims];
        for (int position = 0; position < length; position++) {
            for (int i = 0; i < dims; i++) {
                float angle = position * inverse[i % half];
                cos[position * dims + i] = (float) Math.cos(angle);
                sin[position * dims + i] = (float) Math.sin(angle);
            }
        }
        return new Table(manager.create(cos, new Shape(length, dims)), manager.create(sin, new Shape(length, dims)));
    }

    /**
     * Rotates {@code x} ({@code [heads, T, head_dim]}): {@code x·cos + rotate_half(x)·sin} on the first
     * {@link #dims} features, with {@code rotate_half([a, b]) = [-b, a]}.
     */
    public NDArray apply(NDArray x, Table table) {
        return transform(x, table.cos(), table.sin(), false);
    }

    /**
     * The transpose of {@link #apply} with the same table, which is its vector-Jacobian product:
     * {@code g·cos + rotate_halfᵀ(g·sin)} with {@code rotate_halfᵀ([a, b]) = [b, -a]}.
     */
    public NDArray transpose(NDArray gradient, NDArray cos, NDArray sin) {
        return transform(gradient, cos, sin, true);
    }

    private NDArray transform(NDArray x, NDArray cos, NDArray sin, boolean transposed) {
        long headDim = x.getShape().get(x.getShape().dimension() - 1);
        NDArray rotating = dims == headDim ? x : x.get(new NDIndex("..., :{}", dims));
        int half = dims / 2;
        NDArray first = rotating.get(new NDIndex("..., :{}", half));
        NDArray second = rotating.get(new NDIndex("..., {}:", half));
        NDArray rotated = transposed
                ? rotating.mul(cos).add(second.mul(sin.get(new NDIndex("..., {}:", half)))
                        .concat(first.mul(sin.get(new NDIndex("..., :{}", half))).neg(), -1))
                : rotating.mul(cos).add(second.neg().concat(first, -1).mul(sin));
        return dims == headDim ? rotated : rotated.concat(x.get(new NDIndex("..., {}:", dims)), -1);
    }
}
