package dev.visibility.corpus;

/**
 * One text of a corpus.
 *
 * @param text  the text, or {@code null} where the file holds a null (such texts are counted, not used)
 * @param where where it is, for messages: {@code file:line} or {@code file, row N}
 */
public record CorpusText(String text, String where) {
}
