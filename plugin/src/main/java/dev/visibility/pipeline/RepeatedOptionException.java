package dev.visibility.pipeline;

/**
 * An option that a block gives twice. The parser knows only the lines it was handed; a caller that knows where
 * each line came from (the command line, whose block is a file's lines and then one line per flag) can name both
 * places from {@link #firstLine()} and {@link #line()}.
 */
public final class RepeatedOptionException extends DirectiveException {
    private static final long serialVersionUID = 1L;

    private final String option;
    private final int firstLine;

    RepeatedOptionException(String option, int firstLine, int line) {
        super(line, "option '" + option + "' is given twice (first " + (line - firstLine)
                + (line - firstLine == 1 ? " line" : " lines") + " above); keep one");
        this.option = option;
        this.firstLine = firstLine;
    }

    public String option() {
        return option;
    }

    /** The line that gave the option first. */
    public int firstLine() {
        return firstLine;
    }
}
