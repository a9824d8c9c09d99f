package dev.visibility.cli;

import dev.visibility.page.PageAssets;
import dev.visibility.page.PlotlyChoice;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The Plotly flags of {@code export}: the pinned bundle, a URL with its integrity, or a file to host. */
final class ExportPlotly {
    private ExportPlotly() {
    }

    /** What the flags choose; a hosted file is copied next to the page script, so its URL is the prefix's. */
    static PlotlyChoice choice(Arguments arguments) throws UsageException, IOException {
        boolean url = arguments.has("plotly-url");
        boolean integrity = arguments.has("plotly-integrity");
        boolean file = arguments.has("plotly-file");
        if (url && file) {
            throw new UsageException("give --plotly-url or --plotly-file, not both");
        }
        if (url != integrity) {
            throw new UsageException("--plotly-url and --plotly-integrity go together: a browser checks the bundle"
                    + " from another host against its integrity value (sha384-...)");
        }
        try {
            if (url) {
                return new PlotlyChoice.Remote(arguments.required("plotly-url"), arguments.required("plotly-integrity"));
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException("--plotly-integrity: " + e.getMessage());
        }
        if (file) {
            Path bundle = bundle(arguments);
            return new PlotlyChoice.Hosted(bundle.getFileName().toString(),
                    PlotlyChoice.integrityOf(Files.readAllBytes(bundle)));
        }
        return new PlotlyChoice.Bundled();
    }

    /**
     * The files that pages load from {@code DIR/visibility/}, by name: the page script and style, and the Plotly
     * bundle, pinned or {@code --plotly-file}.
     *
     * @throws UsageException if the {@code --plotly-file} bundle's name is one of export's own
     */
    static Map<String, byte[]> pageFiles(Arguments arguments, PlotlyChoice plotly) throws UsageException,
            IOException {
        Map<String, byte[]> files = new LinkedHashMap<>(PageAssets.files(plotly instanceof PlotlyChoice.Bundled));
        if (arguments.has("plotly-file")) {
            Path bundle = bundle(arguments);
            String name = bundle.getFileName().toString();
            if (files.containsKey(name) || name.equals(ExportFolder.DATA)) {
                throw new UsageException("--plotly-file " + bundle + ": export names its own files "
                        + String.join(", ", files.keySet()) + " and " + ExportFolder.DATA + "/; rename the bundle,"
                        + " e.g. to plotly.min.js");
            }
            files.put(name, Files.readAllBytes(bundle));
        }
        return files;
    }

    private static Path bundle(Arguments arguments) throws UsageException {
        Path bundle = Path.of(arguments.required("plotly-file"));
        if (!Files.isRegularFile(bundle)) {
            throw new UsageException("--plotly-file " + bundle + ": file not found");
        }
        return bundle;
    }
}
