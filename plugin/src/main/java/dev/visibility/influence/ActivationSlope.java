package dev.visibility.influence;

import ai.djl.ndarray.NDArray;
import dev.visibility.model.Activation;

/** The derivatives of the MLP nonlinearities. */
final class ActivationSlope {
    private static final double GELU_C = Math.sqrt(2 / Math.PI);
    private static final double GELU_A = 0.044715;

    private ActivationSlope() {
    }

    /** {@code act'(u)}, elementwise. */
    static NDArray of(Activation activation, NDArray u) {
        return switch (activation) {
            case GELU_TANH -> geluTanh(u);
            case GELU -> gelu(u);
            case SILU -> silu(u);
        };
    }

    /**
     * {@code gelu_tanh(u) = ½·u·(1 + t)}, {@code t = tanh(c·(u + a·u³))}, so its derivative is
     * {@code ½·(1 + t) + ½·u·(1 - t²)·c·(1 + 3a·u²)}.
     */
    private static NDArray geluTanh(NDArray u) {
        NDArray square = u.mul(u);
        NDArray t = square.mul(GELU_C * GELU_A).add(GELU_C).mul(u).tanh();
        NDArray innerSlope = square.mul(3 * GELU_C * GELU_A).add(GELU_C);
        return t.add(1).add(u.mul(t.mul(t).neg().add(1)).mul(innerSlope)).mul(0.5);
    }

    /** {@code gelu(u) = u·Φ(u)}, so its derivative is {@code Φ(u) + u·φ(u)}, with φ the normal density. */
    private static NDArray gelu(NDArray u) {
        NDArray cdf = u.mul(Math.sqrt(0.5)).erf().add(1).mul(0.5);
        NDArray density = u.mul(u).mul(-0.5).exp().mul(1 / Math.sqrt(2 * Math.PI));
        return cdf.add(u.mul(density));
    }

    /** {@code silu(u) = u·σ(u)}, so its derivative is {@code σ(u)·(1 + u·(1 - σ(u)))}. */
    private static NDArray silu(NDArray u) {
        NDArray sigmoid = Activation.sigmoid(u);
        return sigmoid.mul(u.mul(sigmoid.neg().add(1)).add(1));
    }
}
