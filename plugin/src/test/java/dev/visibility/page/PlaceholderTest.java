package dev.visibility.page;

import dev.visibility.influence.Direction;
import dev.visibility.influence.InfluenceMatrix;
import dev.visibility.model.TokenizedText;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlaceholderTest {
    private static final TokenizedText XSS_TEXT = new TokenizedText(new long[] {1, 2, 3},
            List.of("<img src=x onerror=alert(1)>", "</script>", " fine"));
    private static final InfluenceMatrix MATRIX = Matrices.random(3, 3, 3, 5);
    private static final BlockOptions OPTIONS =
            new BlockOptions(View.EXPLORER, 2, 1, Direction.BOTH, "<b>not bold</b> & friends");

    @Test
    void carriesTheDataUrlAndTheOptions() {
        String html = Placeholder.html("../visibility/ab12.json", OPTIONS, XSS_TEXT, MATRIX, null);
        assertTrue(html.startsWith("<figure class=\"visibility\" data-src=\"../visibility/ab12.json\""
                + " data-view=\"explorer\" data-layer=\"2\" data-position=\"1\" data-direction=\"both\">"), html);
        assertTrue(html.endsWith("<figcaption>&lt;b&gt;not bold&lt;/b&gt; &amp; friends</figcaption></figure>"), html);
    }

    @Test
    void escapesTokenTextEverywhere() {
        String html = Placeholder.html("d.json", OPTIONS, XSS_TEXT, MATRIX, null);
        assertFalse(html.contains("<img"), html);
        assertFalse(html.contains("</script>"), html);
        assertFalse(html.contains("<b>"), html);
        assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"), html);
    }

    @Test
    void fallsBackToAnImageAndADescription() {
        String html = Placeholder.html("d.json", OPTIONS, XSS_TEXT, MATRIX, null);
        String fallback = html.substring(html.indexOf("<noscript>"), html.indexOf("</noscript>"));
        assertTrue(fallback.contains("<svg"), fallback);
        String cells = fallback.substring(fallback.indexOf("<g class=\"cells\">"), fallback.indexOf("</g>"));
        assertEquals(9, cells.split("<rect ", -1).length - 1, "one cell per state");
        assertTrue(fallback.contains("<g class=\"colorbar\">"), "a colour bar");
        assertTrue(fallback.contains("fill=\"" + ColorScale.SELF + "\""), "the state's own cell is greyed");
        assertTrue(fallback.contains("<p>Heatmap of the hidden state at layer 2, position 1 (“&lt;/script&gt;”):"
                + " how strongly it sees and influences each state of the 3 layers × 3 tokens. Strongest: "), fallback);
    }

    @Test
    void aCorpusDescriptionCountsItsTexts() {
        assertTrue(Placeholder.description(MATRIX, 2, 1, Direction.BOTH, null, new CorpusSummary(1, 0, MATRIX))
                .startsWith("Mean over 1 text. Heatmap"));
        assertTrue(Placeholder.description(MATRIX, 2, 1, Direction.BOTH, null, new CorpusSummary(32, 0, MATRIX))
                .startsWith("Mean over 32 texts. Heatmap"));
    }

    @Test
    void inlinesTheDataFileForPagesOpenedFromDisk() {
        String html = Placeholder.inlineHtml(DataFile.encode(XSS_TEXT, MATRIX, null), OPTIONS, XSS_TEXT, MATRIX, null);
        String json = new String(DataFile.encode(XSS_TEXT, MATRIX, null), StandardCharsets.UTF_8);
        assertTrue(html.contains("<script type=\"application/json\" class=\"visibility-data\">" + json + "</script>"));
        assertFalse(html.contains("data-src"), html);
        assertEquals(1, html.split("</script>", -1).length - 1, "only the data element's own end tag");
    }

    @Test
    void escapesTheDataUrl() {
        String html = Placeholder.html("a\"onload=\"x.json", OPTIONS, XSS_TEXT, MATRIX, null);
        assertTrue(html.contains("data-src=\"a&quot;onload=&quot;x.json\""), html);
    }

    @Test
    void refusesAStateOutsideTheText() {
        BlockOptions outside = new BlockOptions(View.HEATMAP, 3, 0, Direction.SEES, "");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Placeholder.html("d.json", outside, XSS_TEXT, MATRIX, null));
        assertEquals("state (3, 0) is outside the 3 layers × 3 positions of the text", error.getMessage());
    }
}
