package dev.visibility.model;

/** How the weights that write into the residual stream are taken (DESIGN.md §2). */
public enum Residual {
    /** Subtract the mean over {@code d_model} from every weight writing into the residual stream (TransformerLens). */
    CENTERED,
    /** The Hugging Face weights as they are. */
    RAW;

    /** Parses {@code centered} or {@code raw}. */
    public static Residual parse(String name) {
        return OptionNames.parse(Residual.class, name, "residual convention");
    }

    /** The name used in options and files. */
    public String id() {
        return OptionNames.id(this);
    }
}
