package dev.visibility.page.browser;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import dev.visibility.influence.Direction;
import dev.visibility.influence.InfluenceMatrix;
import dev.visibility.model.TokenizedText;
import dev.visibility.page.BlockOptions;
import dev.visibility.page.DataFile;
import dev.visibility.page.DataFileReader;
import dev.visibility.page.Placeholder;
import dev.visibility.page.View;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A data file whose parts disagree (cut short, or edited by hand) makes the figure say so, instead of drawing a
 * heatmap of zeros. Each broken file is a valid one of the built blog with one part changed.
 */
@ExtendWith(SharedBrowser.class)
class BrokenDataBrowserIT {
    /** Each breakage turns a good data file into the text of a broken one. */
    private static final Map<String, Function<JsonObject, String>> BREAKAGES = new LinkedHashMap<>();

    static {
        BREAKAGES.put("cut short", changed(json -> json.addProperty("g", shortened(json.get("g").getAsString()))));
        BREAKAGES.put("one token too many", changed(json -> json.getAsJsonArray("tokens").add("extra")));
        BREAKAGES.put("more layers than codes",
                changed(json -> json.addProperty("layers", json.get("layers").getAsInt() + 1)));
        BREAKAGES.put("samples without a spread", changed(json -> json.addProperty("samples", 3)));
        BREAKAGES.put("a spread cut short", changed(json -> {
            json.addProperty("samples", 3);
            json.addProperty("sd", shortened(json.get("g").getAsString()));
            json.addProperty("sdLog10Min", -3);
            json.addProperty("sdLog10Max", 0);
        }));
        BREAKAGES.put("no base64", changed(json -> json.addProperty("g", "not base64!")));
        BREAKAGES.put("a scale beyond float32", changed(json -> json.addProperty("log10Max", 1e308)));
        BREAKAGES.put("one layer and no codes", changed(json -> {
            json.addProperty("layers", 1);
            json.addProperty("g", "");
        }));
        BREAKAGES.put("null", json -> "null");
        BREAKAGES.put("not JSON", json -> json.toString().substring(0, 20));
    }

    private static Function<JsonObject, String> changed(Consumer<JsonObject> change) {
        return json -> {
            change.accept(json);
            return json.toString();
        };
    }

    @Test
    void everyInconsistentFileShowsAMessageInItsFigure(Browser browser) throws IOException {
        writeBrokenPage();
        try (StaticServer server = new StaticServer(BuiltSite.extraPages(), "/")) {
            browser.driver().get(server.url("broken.html"));
            List<WebElement> figures = Patience.of(browser.driver()).until(driver -> {
                List<WebElement> failed = driver.findElements(By.cssSelector("figure.visibility-failed"));
                return failed.size() == BREAKAGES.size() ? failed : null;
            });
            int index = 0;
            for (String breakage : BREAKAGES.keySet()) {
                WebElement figure = figures.get(index++);
                assertEquals(null, figure.getDomAttribute("data-ready"), breakage + ": no heatmap may be drawn");
                String message = figure.findElement(By.className("visibility-error")).getText();
                assertTrue(message.startsWith("This figure could not be shown: the data file"), breakage + ": " + message);
            }
            browser.screenshot("broken-data-files", figures.get(0));
        }
    }

    /** Writes {@code broken.html}, with one figure per breakage, each loading its own broken data file. */
    private static void writeBrokenPage() throws IOException {
        DataFileReader.Contents explorer = BuiltSite.first("explorer").data();
        InfluenceMatrix matrix = explorer.matrix();
        List<String> tokens = explorer.tokens();
        TokenizedText text = new TokenizedText(new long[tokens.size()], tokens);
        BlockOptions options = new BlockOptions(View.EXPLORER, 1, 0, Direction.BOTH, "");
        StringBuilder page = new StringBuilder();
        Map<String, String> files = new LinkedHashMap<>();
        for (Function<JsonObject, String> breakage : BREAKAGES.values()) {
            JsonObject json = new Gson().fromJson(new String(DataFile.encode(text, matrix, null),
                    StandardCharsets.UTF_8), JsonObject.class);
            String name = "visibility/broken-" + files.size() + ".json";
            files.put(name, breakage.apply(json));
            page.append(Placeholder.html(name, options, text, matrix, null));
        }
        // The page first: writing it creates the folder of its assets, where the data files go.
        BuiltSite.writePage("broken", page.toString());
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(BuiltSite.extraPages().resolve(file.getKey()), file.getValue());
        }
    }

    /** The base64 of the same codes less the last four bytes: a file cut short on a 2-byte code boundary. */
    private static String shortened(String base64) {
        byte[] codes = Base64.getDecoder().decode(base64);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(codes, codes.length - 4));
    }
}
