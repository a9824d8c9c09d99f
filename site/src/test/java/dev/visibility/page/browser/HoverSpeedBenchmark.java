package dev.visibility.page.browser;

import dev.visibility.influence.Direction;
import dev.visibility.influence.InfluenceMatrix;
import dev.visibility.model.TokenizedText;
import dev.visibility.page.BlockOptions;
import dev.visibility.page.DataFile;
import dev.visibility.page.PageAssets;
import dev.visibility.page.Placeholder;
import dev.visibility.page.View;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Measures how long the explorer takes to switch heatmaps when the pointer enters a new cell, for 12 layers ×
 * 64 tokens in headless Chromium, and the size of the data files. It is a benchmark, not a timed test: it prints
 * the figures and fails only if the explorer does not follow the pointer. Its name keeps it out of the default
 * test run; the README says how to run it.
 */
class HoverSpeedBenchmark {
    private static final int LAYERS = 12;
    private static final int TOKENS = 64;
    private static final int MOVES = 200;
    /**
     * Runs in the page: moves the pointer into {@code MOVES} random cells, one every 60 ms (Plotly draws hover
     * labels at most every 50 ms), and times the pointer and mouse events' handlers, which repaint the heatmap.
     */
    private static final String MEASURE = """
            var done = arguments[arguments.length - 1], moves = arguments[0], layers = arguments[1], positions = arguments[2];
            var figure = document.querySelector('figure.visibility'), area = figure.querySelector('.nsewdrag');
            var box = area.getBoundingClientRect(), times = [], cell;
            (function move(i) {
              if (i === moves) {
                // Plotly catches up once the pointer rests; then its data must be the last cell's.
                setTimeout(function () {
                  done({times: times, selected: figure.dataset.selected, expected: cell[0] + ',' + cell[1]});
                }, 2000);
                return;
              }
              cell = [Math.floor(Math.random() * layers), Math.floor(Math.random() * positions)];
              var at = {clientX: box.left + (cell[1] + 0.5) * box.width / positions,
                        clientY: box.top + (layers - cell[0] - 0.5) * box.height / layers, bubbles: true};
              try {
                var start = performance.now();
                area.dispatchEvent(new PointerEvent('pointermove', at));
                area.dispatchEvent(new MouseEvent('mousemove', at));
                times.push(performance.now() - start);
                setTimeout(function () { move(i + 1); }, 60);
              } catch (error) {
                done({error: String(error)});
              }
            })(0);
            """;

    @Test
    void hoverSpeedAndDataFileSize() throws Exception {
        Path folder = Files.createDirectories(Path.of("target", "benchmark"));
        PageAssets.writeTo(folder.resolve("visibility"));
        TokenizedText text = tokens(TOKENS);
        InfluenceMatrix matrix = randomMatrix(LAYERS, TOKENS, new Random(42));
        Files.write(folder.resolve("visibility/data.json"), DataFile.encode(text, matrix, null));
        Files.writeString(folder.resolve("index.html"), "<!doctype html><html><head><meta charset=\"utf-8\">"
                + "<title>benchmark</title>" + PageAssets.headHtml("visibility/") + "</head><body><h1>benchmark</h1>"
                + Placeholder.html("visibility/data.json", new BlockOptions(View.EXPLORER, 5, 10, Direction.BOTH, ""), text, matrix, null)
                + "</body></html>");

        try (StaticServer server = new StaticServer(folder, "/"); Browser browser = Browser.start()) {
            browser.driver().get(server.url("index.html"));
            FigureDriver.nth(browser.driver(), 0);
            browser.driver().manage().timeouts().scriptTimeout(Duration.ofMinutes(2));
            @SuppressWarnings("unchecked")
            var result = (Map<String, Object>) ((JavascriptExecutor) browser.driver())
                    .executeAsyncScript(MEASURE, MOVES, LAYERS, TOKENS);
            assertEquals(result.get("expected"), result.get("selected"), "the explorer follows the pointer");
            List<Double> times = new ArrayList<>();
            for (Object time : (List<?>) result.get("times")) {
                times.add(((Number) time).doubleValue());
            }
            times.sort(null);
            System.out.printf(Locale.ROOT, "hover update, %d layers × %d tokens, %d moves in %s:%n"
                            + "  median %.2f ms, 90th percentile %.2f ms, max %.2f ms%n",
                    LAYERS, TOKENS, MOVES, browser.driver().getCapabilities().getBrowserVersion(),
                    times.get(times.size() / 2), times.get(times.size() * 9 / 10), times.get(times.size() - 1));
        }
        for (int tokens : new int[] {20, 64}) {
            int size = DataFile.encode(tokens(tokens), randomMatrix(LAYERS, tokens, new Random(tokens)), null).length;
            System.out.printf(Locale.ROOT, "data file, %d layers × %d tokens: %,d bytes%n", LAYERS, tokens, size);
        }
    }

    private static TokenizedText tokens(int count) {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tokens.add(" word" + i);
        }
        return new TokenizedText(new long[count], tokens);
    }

    /** Values spread log-uniformly over six decades, like GPT-2's, wherever G can be non-zero. */
    private static InfluenceMatrix randomMatrix(int layers, int positions, Random random) {
        float[] values = new float[layers * positions * layers * positions];
        for (int target = 0; target < layers * positions; target++) {
            for (int layer = 0; layer < target / positions; layer++) {
                for (int position = 0; position <= target % positions; position++) {
                    values[(target * layers + layer) * positions + position] = (float) Math.pow(10, 1 - 6 * random.nextDouble());
                }
            }
        }
        return new InfluenceMatrix(layers, positions, values);
    }
}
