package dev.visibility.influence;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import dev.visibility.model.Mlp;

/**
 * The vector-Jacobian product of the MLP, from the gradient of its output to that of its input. With
 * {@code dz = g·W_outᵀ}: plain, {@code out(act(u))} gives {@code (dz ⊙ act'(u))·W_inᵀ}; gated,
 * {@code down(act(a) ⊙ b)} gives {@code [dz ⊙ b ⊙ act'(a) | dz ⊙ act(a)]·[W_gate | W_up]ᵀ}. The factors depend
 * only on the forward pass, so they are made once per chunk.
 */
final class MlpBackward {
    private final NDArray inTransposed;
    private final NDArray outTransposed;
    private final NDArray factor;
    private final NDArray upFactor;

    /** @param preactivation the forward pass's {@code u} (or {@code [a | b]}) at the gradient's rows */
    MlpBackward(Mlp mlp, NDArray preactivation) {
        this.inTransposed = BlockBackward.transposed(mlp.inWeight(), preactivation.getManager());
        this.outTransposed = BlockBackward.transposed(mlp.outWeight(), preactivation.getManager());
        if (mlp.gated()) {
            long width = preactivation.getShape().get(1) / 2;
            NDArray gate = preactivation.get(new NDIndex(":, :{}", width));
            NDArray up = preactivation.get(new NDIndex(":, {}:", width));
            this.factor = up.mul(ActivationSlope.of(mlp.activation(), gate));
            this.upFactor = mlp.activation().apply(gate);
        } else {
            this.factor = ActivationSlope.of(mlp.activation(), preactivation);
            this.upFactor = null;
        }
    }

    NDArray backward(NDArray gradient) {
        NDArray dz = gradient.matMul(outTransposed);
        NDArray dIn = upFactor == null ? dz.mul(factor) : dz.mul(factor).concat(dz.mul(upFactor), -1);
        return dIn.matMul(inTransposed);
    }
}
