package dev.visibility.page;

import dev.visibility.influence.InfluenceMatrix;
import dev.visibility.model.TokenizedText;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataFileTest {
    private static final String XSS = "<img src=x onerror=alert(1)>";

    @Test
    void keepsThreeSignificantDigitsAcrossTwentyDecades() {
        InfluenceMatrix matrix = Matrices.random(4, 6, 20, 1);
        InfluenceMatrix decoded = DataFileReader.read(DataFile.encode(Matrices.text(6, "a"), matrix, null)).matrix();
        float[] expected = matrix.values();
        float[] actual = decoded.values();
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] == 0) {
                assertEquals(0f, actual[i], "a zero must stay an exact zero at " + i);
            } else {
                assertEquals(expected[i], actual[i], 5e-4 * expected[i], "value " + i);
            }
        }
    }

    @Test
    void referenceWorkloadFitsIn60KB() {
        byte[] file = DataFile.encode(Matrices.text(20, " token"), Matrices.random(12, 20, 8, 2), null);
        assertTrue(file.length <= 60_000, "12 layers × 20 tokens took " + file.length + " bytes");
    }

    @Test
    void keepsTokensLiterallyAndIsSafeToInline() {
        TokenizedText text = new TokenizedText(new long[] {1, 2, 3}, List.of(XSS, "</script>", " “quoted” & 'so'"));
        byte[] file = DataFile.encode(text, Matrices.random(2, 3, 4, 3), null);
        String json = new String(file, StandardCharsets.UTF_8);
        assertFalse(json.contains("<"), json);
        assertFalse(json.contains(">"), json);
        assertEquals(text.tokens(), DataFileReader.read(file).tokens());
    }

    @Test
    void aCorpusFigureCarriesItsSamplesAndStandardDeviationAtTheSamePrecision() {
        InfluenceMatrix mean = Matrices.random(3, 5, 6, 11);
        InfluenceMatrix spread = Matrices.random(3, 5, 6, 12);

        DataFileReader.Contents decoded = DataFileReader.read(DataFile.encode(Matrices.text(5, "0"), mean,
                new CorpusSummary(200, 7, spread)));

        assertEquals(200, decoded.corpus().samples());
        float[] want = spread.values();
        float[] got = decoded.corpus().standardDeviation().values();
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 5e-4 * want[i], "cell " + i);
        }
        assertEquals(null, DataFileReader.read(DataFile.encode(Matrices.text(5, "0"), mean, null)).corpus());
    }

    @Test
    void anAllZeroMatrixRoundTrips() {
        InfluenceMatrix zeros = new InfluenceMatrix(2, 2, new float[16]);
        assertEquals(0f, DataFileReader.read(DataFile.encode(Matrices.text(2, "x"), zeros, null)).matrix().get(1, 1, 0, 0));
    }

    @Test
    void refusesValuesOutsideTheCausalPattern() {
        float[] values = new float[16];
        values[((0 * 2 + 0) * 2 + 1) * 2 + 0] = 1f; // G[0,0,1,0]: a state cannot depend on a higher layer.
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> DataFile.encode(Matrices.text(2, "x"), new InfluenceMatrix(2, 2, values), null));
        assertTrue(error.getMessage().startsWith("G[0,0,1,0] is 1.0, where causality makes it 0"), error.getMessage());
    }

    @Test
    void refusesATextOfAnotherLength() {
        assertThrows(IllegalArgumentException.class,
                () -> DataFile.encode(Matrices.text(3, "x"), Matrices.random(2, 2, 1, 4), null));
    }

    @Test
    void refusesFilesOfAnotherFormat() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> DataFileReader.read("{\"format\":\"something-else\"}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(error.getMessage().contains(DataFile.FORMAT), error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DataFileReader.read("[1,".getBytes(StandardCharsets.UTF_8)));
        assertEquals("malformed visibility data file: no field 'layers'", assertThrows(IllegalArgumentException.class,
                () -> DataFileReader.read(("{\"format\":\"" + DataFile.FORMAT + "\"}").getBytes(StandardCharsets.UTF_8)))
                .getMessage());
    }
}
