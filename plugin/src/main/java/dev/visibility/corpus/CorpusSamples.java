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
 * @param missing how many rows or records held a null instead of a text
 */
public record CorpusSamples(List<long[]> ids, int skipped, int missing) {
    /**
     * Texts are cut to this many characters, at a whitespace, before they are tokenized: a sample needs only the
     * first tokens of a text, and a corpus row can be megabytes long. No GPT-2 sample is near this long.
     */
    static final int MAX_CHARACTERS = 100_000;

    public CorpusSamples {
        ids = List.copyOf(ids);
    }

    /** Hears how the search goes after each text read, so that a long search can show it is alive. */
    @FunctionalInterface
    public interface Search {
        Search SILENT = (read, found) -> { };

        void progress(long read, int found);
    }

    /**
     * Reads texts until {@code samples} samples are found or the corpus ends.
     *
     * @param tokenize a text's token ids, without special tokens added
     */
    public static CorpusSamples select(CorpusTexts texts, Function<String, long[]> tokenize, long bos, int tokens,
                                       int samples, Search search) throws CorpusException {
        if (tokens < 2) {
            throw new IllegalArgumentException("a sample needs at least 2 tokens, got " + tokens);
        }
        List<long[]> ids = new ArrayList<>();
        int skipped = 0;
        int missing = 0;
        long read = 0;
        while (ids.size() < samples) {
            var text = texts.next();
            if (text.isEmpty()) {
                break;
            }
            search.progress(++read, ids.size());
            if (text.get().text() == null) {
                missing++;
                continue;
            }
            long[] textIds = tokenize.apply(beginning(text.get().text()));
            if (textIds.length < tokens - 1) {
                skipped++;
                continue;
            }
            long[] sample = new long[tokens];
            sample[0] = bos;
            System.arraycopy(textIds, 0, sample, 1, tokens - 1);
            ids.add(sample);
        }
        return new CorpusSamples(ids, skipped, missing);
    }

    /**
     * The text, or its first {@link #MAX_CHARACTERS} characters up to a whitespace: GPT-2 splits words before it
     * merges bytes, so the tokens before a whitespace do not depend on what follows it.
     */
    static String beginning(String text) {
        if (text.length() <= MAX_CHARACTERS) {
            return text;
        }
        int cut = MAX_CHARACTERS;
        while (cut > 0 && !Character.isWhitespace(text.charAt(cut))) {
            cut--;
        }
        return text.substring(0, cut > 0 ? cut : MAX_CHARACTERS);
    }
}
