package dev.visibility.influence;

import java.util.Optional;

/**
 * Where {@code G} must be zero: {@code G[L,P,l,p]} is defined only for a lower layer {@code l < L}, and causal
 * attention keeps a later position {@code p > P} from reaching {@code h[L,P]}. The mean and standard deviation of
 * a corpus keep the same zeros. A value there was not computed by the engine: a damaged cache entry, or a bug.
 */
public final class CausalCone {
    private CausalCone() {
    }

    /** The first cell outside the cone that is not zero, described, or empty if there is none. */
    public static Optional<String> firstNonZeroOutside(InfluenceMatrix matrix) {
        int layers = matrix.layers();
        int positions = matrix.positions();
        for (int targetLayer = 0; targetLayer < layers; targetLayer++) {
            for (int targetPosition = 0; targetPosition < positions; targetPosition++) {
                for (int layer = 0; layer < layers; layer++) {
                    for (int position = 0; position < positions; position++) {
                        boolean inside = layer < targetLayer && position <= targetPosition;
                        float value = matrix.get(targetLayer, targetPosition, layer, position);
                        if (!inside && value != 0) {
                            return Optional.of("G[" + targetLayer + "," + targetPosition + "," + layer + ","
                                    + position + "] is " + value + ", where causality makes it 0");
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }
}
