package dev.visibility.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Float32 scalars for the forward pass, safe under DJL's autograd. */
public final class Scalars {
    private Scalars() {
    }

    /**
     * A float32 scalar in memory that PyTorch owns, attached to the manager of {@code like}.
     *
     * <p>Never use DJL's {@code mul(Number)}, {@code div(Number)} and the like on arrays that autograd may
     * record (the tests differentiate the forward pass with DJL's autograd). They wrap the number in a tensor over
     * a Java direct buffer and close that tensor as soon as the operation returns, which drops the last Java
     * reference to the buffer. Autograd, however, keeps the tensor for the backward pass (the gradient of
     * {@code x·c} is {@code c}), so once the garbage collector frees the buffer, the backward pass multiplies by
     * whatever the freed memory then holds. That made {@code G} NaN or wrong on 12-layer models, depending on
     * when the collector ran. {@code full} allocates in PyTorch, which frees the memory only when autograd is
     * done with it.
     */
    public static NDArray of(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value);
    }
}
