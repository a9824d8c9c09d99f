package dev.visibility.build;

import dev.visibility.influence.InfluenceMatrix;
import dev.visibility.model.TokenizedText;
import dev.visibility.page.BlockOptions;

/**
 * A block with everything its page needs.
 *
 * @param text         the tokens
 * @param matrix       {@code G} of the text
 * @param options      the view options, defaults applied and ranges checked
 * @param dataFileName the data file's name, derived from its content
 * @param data         the data file
 */
public record PreparedBlock(TokenizedText text, InfluenceMatrix matrix, BlockOptions options, String dataFileName,
                            byte[] data) {
}
