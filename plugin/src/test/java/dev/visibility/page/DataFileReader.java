package dev.visibility.page;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import dev.visibility.influence.InfluenceMatrix;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads a {@link DataFile} back into {@code G}, as the page script does, so that tests can compare what a page
 * was given with what it shows. The build only writes data files; the plugin's test jar carries this reader to
 * the site's browser tests.
 */
public final class DataFileReader {
    private DataFileReader() {
    }

    /** What a data file holds; {@code corpus} is null for one text. */
    public record Contents(List<String> tokens, InfluenceMatrix matrix, CorpusSummary corpus) {
    }

    /**
     * Reads a data file back, exactly as the page script does.
     *
     * @throws IllegalArgumentException if the bytes are not a data file of this format
     */
    public static Contents read(byte[] file) {
        try {
            JsonObject json = new Gson().fromJson(new String(file, StandardCharsets.UTF_8), JsonObject.class);
            if (json == null || !DataFile.FORMAT.equals(field(json, "format").getAsString())) {
                throw new IllegalArgumentException("not a visibility data file of format " + DataFile.FORMAT);
            }
            int layers = field(json, "layers").getAsInt();
            int positions = field(json, "positions").getAsInt();
            List<String> tokens = new ArrayList<>();
            for (JsonElement token : field(json, "tokens").getAsJsonArray()) {
                tokens.add(token.getAsString());
            }
            if (tokens.size() != positions) {
                throw new IllegalArgumentException("data file sizes disagree: " + positions + " positions but "
                        + tokens.size() + " tokens");
            }
            InfluenceMatrix matrix = decodeCodes(json, "g", "log10Min", "log10Max", layers, positions);
            // The file does not record how many texts were skipped: the page does not show it.
            CorpusSummary corpus = json.has("samples") ? new CorpusSummary(field(json, "samples").getAsInt(), 0,
                    decodeCodes(json, "sd", "sdLog10Min", "sdLog10Max", layers, positions)) : null;
            return new Contents(tokens, matrix, corpus);
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
            // Gson's ways of saying that a value has the wrong type or the text is not JSON.
            throw new IllegalArgumentException("malformed visibility data file: " + e.getMessage(), e);
        }
    }

    private static InfluenceMatrix decodeCodes(JsonObject json, String codesField, String minField, String maxField,
                                               int layers, int positions) {
        double log10Min = field(json, minField).getAsDouble();
        double step = DataFile.step(log10Min, field(json, maxField).getAsDouble());
        ByteBuffer codes = ByteBuffer.wrap(Base64.getDecoder().decode(field(json, codesField).getAsString()))
                .order(ByteOrder.LITTLE_ENDIAN);
        if (codes.remaining() != 2 * DataFile.storedCells(layers, positions)) {
            throw new IllegalArgumentException("data file sizes disagree: " + layers + " layers, " + positions
                    + " positions, " + codes.remaining() + " bytes of " + codesField);
        }
        float[] values = new float[InfluenceMatrix.cells(layers, positions)];
        DataFile.forEachStoredCell(layers, positions, (L, P, l, p) -> {
            int code = Short.toUnsignedInt(codes.getShort());
            values[InfluenceMatrix.index(layers, positions, L, P, l, p)] =
                    code == 0 ? 0f : (float) Math.pow(10, log10Min + (code - 1) * step);
        });
        return new InfluenceMatrix(layers, positions, values);
    }

    private static JsonElement field(JsonObject json, String name) {
        JsonElement value = json.get(name);
        if (value == null || value.isJsonNull()) {
            throw new IllegalArgumentException("malformed visibility data file: no field '" + name + "'");
        }
        return value;
    }
}
