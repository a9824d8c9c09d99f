package dev.visibility.pipeline;

import java.util.List;

/**
 * The corpus options of a block: the figure shows {@code G} averaged over many texts instead of one text's.
 * Options the block leaves out are {@code null} and take their defaults later.
 *
 * @param source  a local file ({@code .txt}, {@code .jsonl}, {@code .json} or {@code .parquet}) or a hub dataset
 *                id, {@code org/name} or {@code org/name@revision}
 * @param samples how many samples (default 100)
 * @param tokens  positions per sample (default 20)
 * @param column  the field or column that holds the text (default {@code text})
 * @param split   the split of a hub dataset (default {@code train})
 */
public record CorpusRequest(String source, Integer samples, Integer tokens, String column, String split) {
    public static final int DEFAULT_SAMPLES = 100;
    public static final int DEFAULT_TOKENS = 20;
    public static final String DEFAULT_COLUMN = "text";
    public static final String DEFAULT_SPLIT = "train";

    /** The options that only a corpus block has. */
    static final List<String> OPTIONS = List.of("corpus", "samples", "tokens", "column", "split");

    public int samplesOrDefault() {
        return samples != null ? samples : DEFAULT_SAMPLES;
    }

    public int tokensOrDefault() {
        return tokens != null ? tokens : DEFAULT_TOKENS;
    }

    public String columnOrDefault() {
        return column != null ? column : DEFAULT_COLUMN;
    }

    public String splitOrDefault() {
        return split != null ? split : DEFAULT_SPLIT;
    }
}
