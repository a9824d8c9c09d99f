package dev.visibility.cli;

import dev.visibility.io.AtomicFiles;
import dev.visibility.page.PlotlyChoice;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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

    /** Copies the {@code --plotly-file} bundle, if any, into {@code folder}. */
    static void copyBundle(Arguments arguments, Path folder) throws UsageException, IOException {
        if (arguments.has("plotly-file")) {
            Path bundle = bundle(arguments);
            AtomicFiles.write(folder.resolve(bundle.getFileName().toString()), Files.readAllBytes(bundle));
        }
    }

    private static Path bundle(Arguments arguments) throws UsageException {
        Path bundle = Path.of(arguments.required("plotly-file"));
        if (!Files.isRegularFile(bundle)) {
            throw new UsageException("--plotly-file " + bundle + ": file not found");
        }
        return bundle;
    }
}
