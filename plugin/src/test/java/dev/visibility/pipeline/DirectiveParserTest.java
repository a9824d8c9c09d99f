package dev.visibility.pipeline;

import dev.visibility.influence.Direction;
import dev.visibility.model.Residual;
import dev.visibility.page.View;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DirectiveParserTest {
    /** A block whose opening fence is on line 10, so its first option is on line 11. */
    private static Directive parse(String... lines) throws DirectiveException {
        return DirectiveParser.parse(new FencedBlock(10, 11 + lines.length, List.of(lines)));
    }

    private static DirectiveException error(String... lines) {
        return assertThrows(DirectiveException.class, () -> parse(lines));
    }

    @Test
    void readsEveryOptionAndStripsComments() throws DirectiveException {
        Directive directive = parse(
                "text: <|endoftext|>It is done, and submitted. You can play “Survival of the Tastiest",
                "view: heatmap          # one state",
                "",
                "# a comment line",
                "layer: 5",
                "position: 10",
                "direction: sees",
                "model: openai-community/gpt2@main",
                "residual: raw",
                "caption: What h[5,10] sees # literally");

        assertEquals("<|endoftext|>It is done, and submitted. You can play “Survival of the Tastiest", directive.text());
        assertEquals(View.HEATMAP, directive.view());
        assertEquals(5, directive.layer());
        assertEquals(10, directive.position());
        assertEquals(Direction.SEES, directive.direction());
        assertEquals("openai-community/gpt2@main", directive.model());
        assertEquals(Residual.RAW, directive.residual());
        assertEquals("What h[5,10] sees # literally", directive.caption());
        assertEquals(15, directive.lineOf("layer"));
        assertEquals(12, directive.lineOf("view"));
    }

    @Test
    void leavesOutOptionsNull() throws DirectiveException {
        Directive directive = parse("text: Hello world");

        assertNull(directive.view());
        assertNull(directive.layer());
        assertNull(directive.residual());
        assertEquals(10, directive.lineOf("layer"), "a missing option is blamed on the opening fence");
    }

    @Test
    void readsLiteralBlockScalars() throws DirectiveException {
        assertEquals("First line\n  indented\n\nlast\n",
                parse("text: |", "  First line", "    indented", "", "  last", "", "view: heatmap").text());
        assertEquals("First line\nlast", parse("text: |-", "  First line", "  last").text());
    }

    /** Each case is a block whose mistake is on its second line, line 12. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            colour: red  | unknown option 'colour'; the options are text, corpus, view, layer, position, direction, model, residual, caption, samples, tokens, column, split
            layer: -1    | option 'layer': expected a whole number from 0 up, found '-1'
            layer: five  | option 'layer': expected a whole number from 0 up, found 'five'
            view: grid   | option 'view': unknown view 'grid': use explorer or heatmap
            direction: x | option 'direction': unknown direction 'x': use sees, influences or both
            residual: y  | option 'residual': unknown residual convention 'y': use centered or raw
            no colon     | expected an option as `key: value` (for example `layer: 5`), found 'no colon'
            """)
    void reportsAMistakeAtItsLine(String line, String reason) {
        DirectiveException error = error("text: x", line);

        assertEquals(12, error.line());
        assertEquals(reason, error.reason());
    }

    @Test
    void reportsAMistakeAtItsOwnLineWhereverItIs() {
        assertEquals(13, error("text: x", "", "colour: red").line());
        assertEquals(11, error("text without colon").line());
        assertEquals(12, error("text: x", "text: y").line());
        assertEquals(11, error("view: ").line());
    }

    @Test
    void aRepeatedOptionNamesItsFirstLineRelativeToTheSecond() {
        DirectiveException error = error("text: one", "layer: 1", "", "text: two");

        assertEquals(14, error.line());
        assertEquals("option 'text' is given twice (first 3 lines above); keep one", error.reason());
        RepeatedOptionException repeated = assertInstanceOf(RepeatedOptionException.class, error,
                "a caller that knows where its lines come from can name both");
        assertEquals("text", repeated.option());
        assertEquals(11, repeated.firstLine());
    }

    @Test
    void lineAndParagraphSeparatorsAreTextLikeAnyOtherCharacter() throws DirectiveException {
        String text = "one\u2028two\u2029three\u0085four";

        assertEquals(text, parse("text: " + text).text());
        assertEquals("a\u2028b", parse("text: x", "caption: a\u2028b").caption());
    }

    @Test
    void aBlockWithoutTextIsAnErrorAtItsFence() {
        DirectiveException error = error("view: explorer");

        assertEquals(10, error.line());
        assertEquals("the visibility block has no text; add a line such as `text: The quick brown fox` (or"
                + " `corpus: texts.jsonl` for an average over many texts)", error.reason());
    }
}
