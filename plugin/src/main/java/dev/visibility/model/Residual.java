package dev.visibility.model;

import java.util.Locale;

/** How the weights that write into the residual stream are taken (DESIGN.md §2). */
public enum Residual {
    /** Subtract the mean over {@code d_model} from every weight writing into the residual stream (TransformerLens). */
    CENTERED,
    /** The Hugging Face weights as they are. */
    RAW;

    /** Parses {@code centered} or {@code raw}. */
    public static Residual parse(String name) {
        for (Residual residual : values()) {
            if (residual.id().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return residual;
            }
        }
        throw new IllegalArgumentException("unknown residual convention '" + name + "': use centered or raw");
    }

    /** The name used in options and files. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
