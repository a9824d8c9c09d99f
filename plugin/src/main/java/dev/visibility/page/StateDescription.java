package dev.visibility.page;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The text that describes a heatmap to readers who cannot see the figure: the state and its strongest cells. */
final class StateDescription {
    private static final int STRONGEST = 3;

    private StateDescription() {
    }

    /**
     * Names the state, e.g. {@code layer 5, position 10 (“ Surv”)}.
     *
     * @param tokens the token at each position, or null for a corpus figure, whose samples differ in their tokens
     */
    static String state(int layer, int position, List<String> tokens) {
        return "layer " + layer + ", position " + position + token(position, tokens);
    }

    /** {@code  (“ Surv”)}, or nothing for a corpus figure. */
    static String token(int position, List<String> tokens) {
        return tokens == null ? "" : " (“" + tokens.get(position) + "”)";
    }

    /**
     * A sentence or two in plain text (not HTML).
     *
     * @param tokens the token at each position, or null for a corpus figure
     */
    static String describe(StateHeatmap heatmap, List<String> tokens) {
        StringBuilder text = new StringBuilder("Heatmap of the hidden state at ")
                .append(state(heatmap.layer(), heatmap.position(), tokens))
                .append(": how strongly it ").append(heatmap.direction().description())
                .append(" each state of the ").append(heatmap.matrix().layers()).append(" layers × ")
                .append(heatmap.matrix().positions()).append(tokens == null ? " positions." : " tokens.");
        List<int[]> cells = new ArrayList<>();
        for (int layer = 0; layer < heatmap.matrix().layers(); layer++) {
            for (int position = 0; position < heatmap.matrix().positions(); position++) {
                if (heatmap.value(layer, position) > 0) {
                    cells.add(new int[] {layer, position});
                }
            }
        }
        if (cells.isEmpty()) {
            return text.append(" Every value is zero.").toString();
        }
        cells.sort(Comparator.comparingDouble((int[] cell) -> heatmap.value(cell[0], cell[1])).reversed());
        text.append(" Strongest: ");
        for (int i = 0; i < Math.min(STRONGEST, cells.size()); i++) {
            int[] cell = cells.get(i);
            text.append(i == 0 ? "" : "; ")
                    .append(String.format(Locale.ROOT, "%.3g", heatmap.value(cell[0], cell[1])))
                    .append(" at ").append(state(cell[0], cell[1], tokens));
        }
        return text.append('.').toString();
    }
}
