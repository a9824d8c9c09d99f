package dev.visibility.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The samples of a corpus: {@code <|endoftext|>} (the model's {@code bos_token_id}) followed by the first
 * {@code tokens - 1} tokens of a text. The samples are the first {@code samples} texts, in file order, that have
 * that many tokens; shorter texts are skipped.
 *
 * @param ids     the token ids of each sample, each {@code tokens} long
 * @param skipped how many texts were too short
 */
public record CorpusSamples(List<long[]> ids, int skipped) {
    public CorpusSamples {
        ids = List.copyOf(ids);
    }

    /**
     * Reads texts until {@code samples} samples are found or the corpus ends.
     *
     * @param tokenize a text's token ids, without special tokens added
     */
    public static CorpusSamples select(CorpusTexts texts, Function<String, long[]> tokenize, long bos, int tokens,
                                       int samples) throws CorpusException {
        if (tokens < 2) {
            throw new IllegalArgumentException("a sample needs at least 2 tokens, got " + tokens);
        }
        List<long[]> ids = new ArrayList<>();
        int skipped = 0;
        while (ids.size() < samples) {
            var text = texts.next();
            if (text.isEmpty()) {
                break;
            }
            long[] textIds = tokenize.apply(text.get().text());
            if (textIds.length < tokens - 1) {
                skipped++;
                continue;
            }
            long[] sample = new long[tokens];
            sample[0] = bos;
            System.arraycopy(textIds, 0, sample, 1, tokens - 1);
            ids.add(sample);
        }
        return new CorpusSamples(ids, skipped);
    }
}
