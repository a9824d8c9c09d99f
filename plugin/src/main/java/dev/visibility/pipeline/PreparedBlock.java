package dev.visibility.pipeline;

import dev.visibility.influence.InfluenceMatrix;
import dev.visibility.model.TokenizedText;
import dev.visibility.page.BlockOptions;
import dev.visibility.page.CorpusSummary;

/**
 * A block with everything its page needs.
 *
 * @param text         the tokens; for a corpus figure, the positions
 * @param matrix       {@code G} of the text, or its mean over the corpus
 * @param corpus       for a corpus figure, the number of samples and the standard deviation; otherwise null
 * @param options      the view options, defaults applied and ranges checked
 * @param dataFileName the data file's name, derived from its content
 * @param data         the data file
 */
public record PreparedBlock(TokenizedText text, InfluenceMatrix matrix, CorpusSummary corpus, BlockOptions options,
                            String dataFileName, byte[] data) {
}
