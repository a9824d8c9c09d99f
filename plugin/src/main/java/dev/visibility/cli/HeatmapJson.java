package dev.visibility.cli;

import com.google.gson.stream.JsonWriter;
import dev.visibility.influence.InfluenceMatrix;
import dev.visibility.model.TokenizedText;
import dev.visibility.page.CorpusSummary;

import java.io.IOException;
import java.io.Writer;

/** Writes an influence matrix as JSON, in the project's dense layout or in the original blog's layout. */
final class HeatmapJson {
    /** Which heatmap of a state a 4-D array holds. */
    private interface View {
        float at(InfluenceMatrix g, int stateLayer, int statePosition, int layer, int position);
    }

    private HeatmapJson() {
    }

    /**
     * {@code {"ids", "tokens", "layers", "positions", "backward", "forward"}}, where backward and forward are
     * {@code [layers][positions][layers][positions]}.
     */
    static void writeDense(TokenizedText text, InfluenceMatrix g, Writer out) throws IOException {
        JsonWriter json = new JsonWriter(out);
        json.beginObject();
        json.name("ids").beginArray();
        for (long id : text.ids()) {
            json.value(id);
        }
        json.endArray();
        json.name("tokens").beginArray();
        for (String token : text.tokens()) {
            json.value(token);
        }
        json.endArray();
        json.name("layers").value(g.layers());
        json.name("positions").value(g.positions());
        writeDirections(json, g, "");
        json.endObject();
        json.flush();
    }

    /**
     * A corpus: {@code {"layers", "positions", "samples", "skipped", "backward", "forward", "backward_sd",
     * "forward_sd"}}, the means and the standard deviations as {@code [layers][positions][layers][positions]}.
     */
    static void writeCorpusDense(InfluenceMatrix mean, CorpusSummary corpus, Writer out) throws IOException {
        JsonWriter json = new JsonWriter(out);
        json.beginObject();
        json.name("layers").value(mean.layers());
        json.name("positions").value(mean.positions());
        json.name("samples").value(corpus.samples());
        json.name("skipped").value(corpus.skipped());
        writeDirections(json, mean, "");
        writeDirections(json, corpus.standardDeviation(), "_sd");
        json.endObject();
        json.flush();
    }

    /** The original blog's {@code heatmaps.json}: {@code data[L][P][l][p]} of the combined heatmap. */
    static void writeSeed(InfluenceMatrix g, Writer out) throws IOException {
        JsonWriter json = new JsonWriter(out);
        writeView(json, g, InfluenceMatrix::combined);
        json.flush();
    }

    /** The fields {@code backward<suffix>} and {@code forward<suffix>}. */
    private static void writeDirections(JsonWriter json, InfluenceMatrix g, String suffix) throws IOException {
        json.name("backward" + suffix);
        writeView(json, g, InfluenceMatrix::backward);
        json.name("forward" + suffix);
        writeView(json, g, InfluenceMatrix::forward);
    }

    private static void writeView(JsonWriter json, InfluenceMatrix g, View view) throws IOException {
        json.beginArray();
        for (int stateLayer = 0; stateLayer < g.layers(); stateLayer++) {
            json.beginArray();
            for (int statePosition = 0; statePosition < g.positions(); statePosition++) {
                json.beginArray();
                for (int layer = 0; layer < g.layers(); layer++) {
                    json.beginArray();
                    for (int position = 0; position < g.positions(); position++) {
                        json.value(view.at(g, stateLayer, statePosition, layer, position));
                    }
                    json.endArray();
                }
                json.endArray();
            }
            json.endArray();
        }
        json.endArray();
    }
}
