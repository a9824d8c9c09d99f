package dev.visibility.page;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.visibility.influence.CausalCone;
import dev.visibility.influence.InfluenceMatrix;
import dev.visibility.model.TokenizedText;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The data file that one block's page script loads: the token texts and {@code G}, stored once.
 *
 * <p>It is a JSON object: {@code format} ({@value #FORMAT}), {@code layers}, {@code positions}, {@code tokens},
 * {@code log10Min}, {@code log10Max} and {@code g}; a corpus figure adds {@code samples}, and the standard
 * deviation in {@code sd}, {@code sdLog10Min} and {@code sdLog10Max}. Only the cells that can be non-zero ({@code l < L} and
 * {@code p <= P}) are stored, in the order {@code L, P, l, p}, each as a little-endian 16-bit code, and the codes
 * are Base64-encoded. Code 0 is an exact zero; code {@code k > 0} is
 * {@code 10^(log10Min + (k - 1) * (log10Max - log10Min) / 65534)}. A logarithmic scale keeps the relative error
 * of every value below 5·10⁻⁴ (three significant digits) as long as the values span at most 24 decades;
 * smaller values are stored as the smallest one, which is invisible next to the largest anyway.
 *
 * <p>The page derives both directions and their sum from this one matrix. The JSON escapes {@code <}, {@code >}
 * and {@code &}, so the file can be inlined into a {@code <script>} element as it is.
 */
public final class DataFile {
    /** The value of the {@code format} field; the page script rejects any other. */
    public static final String FORMAT = "visibility-g/1";
    private static final int TOP_CODE = 0xFFFF;
    private static final double MAX_DECADES = 24;

    private DataFile() {
    }

    /**
     * Encodes the data of one block as UTF-8 JSON.
     *
     * @param corpus for a corpus figure, adds {@code samples} and the standard deviation ({@code sd},
     *               {@code sdLog10Min}, {@code sdLog10Max}, coded as {@code G} is); null for one text
     */
    public static byte[] encode(TokenizedText text, InfluenceMatrix matrix, CorpusSummary corpus) {
        int layers = matrix.layers();
        int positions = matrix.positions();
        if (text.size() != positions) {
            throw new IllegalArgumentException(text.size() + " tokens but the matrix has " + positions + " positions");
        }
        JsonObject json = new JsonObject();
        json.addProperty("format", FORMAT);
        json.addProperty("layers", layers);
        json.addProperty("positions", positions);
        JsonArray tokens = new JsonArray();
        text.tokens().forEach(tokens::add);
        json.add("tokens", tokens);
        addCodes(json, matrix, "g", "log10Min", "log10Max");
        if (corpus != null) {
            json.addProperty("samples", corpus.samples());
            addCodes(json, corpus.standardDeviation(), "sd", "sdLog10Min", "sdLog10Max");
        }
        // Gson's default writer escapes < > & ' =, which keeps the file safe to inline in a <script> element.
        return new Gson().toJson(json).getBytes(StandardCharsets.UTF_8);
    }

    private static void addCodes(JsonObject json, InfluenceMatrix matrix, String codesField, String minField,
                                 String maxField) {
        int layers = matrix.layers();
        int positions = matrix.positions();
        requireCausalZeros(matrix);
        double[] range = logRange(matrix);
        double step = step(range[0], range[1]);
        ByteBuffer codes = ByteBuffer.allocate(2 * storedCells(layers, positions)).order(ByteOrder.LITTLE_ENDIAN);
        forEachStoredCell(layers, positions, (L, P, l, p) -> {
            float value = matrix.get(L, P, l, p);
            codes.putShort((short) (value > 0 ? code(Math.log10(value), range[0], step) : 0));
        });
        json.addProperty(minField, range[0]);
        json.addProperty(maxField, range[1]);
        json.addProperty(codesField, Base64.getEncoder().encodeToString(codes.array()));
    }

    /** The file stores only the cells with {@code l < L} and {@code p <= P}; anything elsewhere would be lost. */
    private static void requireCausalZeros(InfluenceMatrix matrix) {
        CausalCone.firstNonZeroOutside(matrix).ifPresent(cell -> {
            throw new IllegalArgumentException(cell + ": a state depends only on lower layers and earlier or equal"
                    + " positions");
        });
    }

    /** The smallest and largest {@code log10} of the positive values, at most {@value #MAX_DECADES} decades apart. */
    private static double[] logRange(InfluenceMatrix matrix) {
        float min = Float.POSITIVE_INFINITY;
        float max = 0;
        for (float value : matrix.values()) {
            if (value > 0) {
                min = Math.min(min, value);
                max = Math.max(max, value);
            }
        }
        if (max == 0) {
            return new double[] {0, 0};
        }
        double log10Max = Math.log10(max);
        return new double[] {Math.max(Math.log10(min), log10Max - MAX_DECADES), log10Max};
    }

    /** The difference of {@code log10} between two consecutive codes above 0. */
    static double step(double log10Min, double log10Max) {
        return (log10Max - log10Min) / (TOP_CODE - 1);
    }

    private static int code(double log10, double log10Min, double step) {
        if (step == 0) {
            return 1;
        }
        long code = 1 + Math.round((log10 - log10Min) / step);
        return (int) Math.max(1, Math.min(TOP_CODE, code));
    }

    /** How many cells the file stores: those with {@code l < L} and {@code p <= P}. */
    static int storedCells(int layers, int positions) {
        return layers * (layers - 1) / 2 * (positions * (positions + 1) / 2);
    }

    interface CellVisitor {
        void visit(int targetLayer, int targetPosition, int layer, int position);
    }

    /** Visits the cells that can be non-zero ({@code l < L}, {@code p <= P}) in the order of the file. */
    static void forEachStoredCell(int layers, int positions, CellVisitor visitor) {
        for (int targetLayer = 0; targetLayer < layers; targetLayer++) {
            for (int targetPosition = 0; targetPosition < positions; targetPosition++) {
                for (int layer = 0; layer < targetLayer; layer++) {
                    for (int position = 0; position <= targetPosition; position++) {
                        visitor.visit(targetLayer, targetPosition, layer, position);
                    }
                }
            }
        }
    }
}
