package dev.visibility.model;

import ai.djl.ndarray.NDArray;

import java.util.Arrays;
import java.util.List;

/** The MLP nonlinearities of the supported families, by their Hugging Face names. */
public enum Activation {
    /** GELU's tanh approximation, {@code ½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))}: GPT-2's and Gemma's. */
    GELU_TANH("gelu_new", "gelu_pytorch_tanh"),
    /** The exact GELU, {@code ½·x·(1 + erf(x/√2))}: Pythia's {@code gelu}. */
    GELU("gelu"),
    /** {@code x·σ(x)}: Llama's and Qwen's. */
    SILU("silu");

    static final double GELU_TANH_C = Math.sqrt(2 / Math.PI);
    static final double GELU_TANH_A = 0.044715;

    private final List<String> names;

    Activation(String... names) {
        this.names = List.of(names);
    }

    /** Every Hugging Face name this project implements. */
    static List<String> supportedNames() {
        return Arrays.stream(values()).flatMap(activation -> activation.names.stream()).toList();
    }

    /** The activation that Hugging Face calls {@code name}, which must be one of {@link #supportedNames()}. */
    static Activation named(String name) {
        return Arrays.stream(values()).filter(activation -> activation.names.contains(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown activation " + name));
    }

    public NDArray apply(NDArray x) {
        return switch (this) {
            case GELU_TANH -> {
                // x·(c + c·a·x²) is the same polynomial as c·(x + a·x³) in fewer, cheaper kernels than pow.
                NDArray inner = x.mul(x).mul(Scalars.of(x, GELU_TANH_C * GELU_TANH_A)).add(Scalars.of(x, GELU_TANH_C))
                        .mul(x);
                yield x.mul(inner.tanh().add(Scalars.of(x, 1)).mul(Scalars.of(x, 0.5)));
            }
            case GELU -> x.mul(x.mul(Scalars.of(x, Math.sqrt(0.5))).erf().add(Scalars.of(x, 1)))
                    .mul(Scalars.of(x, 0.5));
            case SILU -> x.mul(sigmoid(x));
        };
    }

    /** {@code 1 / (1 + e^-x)}. */
    public static NDArray sigmoid(NDArray x) {
        return Scalars.of(x, 1).div(x.neg().exp().add(Scalars.of(x, 1)));
    }
}
