package dev.visibility.model;

import java.util.List;

/**
 * A text as the model reads it.
 *
 * @param ids    the token ids, one per position
 * @param tokens the text of each token as a reader should see it (spaces as spaces, newlines visible)
 */
public record TokenizedText(long[] ids, List<String> tokens) {
    public TokenizedText {
        tokens = List.copyOf(tokens);
        if (ids.length != tokens.size()) {
            throw new IllegalArgumentException(ids.length + " ids but " + tokens.size() + " tokens");
        }
    }

    public int size() {
        return ids.length;
    }
}
