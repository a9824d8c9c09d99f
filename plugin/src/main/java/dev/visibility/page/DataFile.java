package dev.visibility.page;

import dev.visibility.influence.InfluenceMatrix;
import dev.visibility.model.TokenizedText;

import java.nio.charset.StandardCharsets;

/** The data file that one block's page script loads: tokens and the influence matrix. */
public final class DataFile {
    private DataFile() {
    }

    /** Encodes the data of one block. */
    public static byte[] encode(TokenizedText text, InfluenceMatrix matrix) {
        // Placeholder format until the page issue defines the compact one.
        return "{}".getBytes(StandardCharsets.UTF_8);
    }
}
