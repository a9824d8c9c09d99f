package dev.visibility.corpus;

/**
 * One text of a corpus.
 *
 * @param text  the text
 * @param where where it is, for messages: {@code file:line} or {@code file, row N}
 */
public record CorpusText(String text, String where) {
}
