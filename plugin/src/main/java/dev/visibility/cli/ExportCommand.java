package dev.visibility.cli;

import dev.visibility.corpus.CorpusException;
import dev.visibility.hub.ModelNotAvailableException;
import dev.visibility.influence.NonFiniteInfluenceException;
import dev.visibility.model.ModelLoadException;
import dev.visibility.page.BlockOptions;
import dev.visibility.page.HeatmapSvg;
import dev.visibility.page.PageAssets;
import dev.visibility.page.Placeholder;
import dev.visibility.page.PlotlyChoice;
import dev.visibility.pipeline.BlockDefaults;
import dev.visibility.pipeline.PreparedBlock;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code visibility export}: one figure for any static site. The block goes through the same
 * {@link dev.visibility.pipeline.FigurePipeline} as a block of a JBake post, with the same cache; the files go into
 * {@code DIR/visibility/}, and the HTML to paste goes to standard output. It can also write a print-quality SVG
 * of one state.
 */
final class ExportCommand {
    static final String HELP = """
            Usage: visibility export (--block FILE | --text TEXT | --text-file FILE | --corpus SOURCE) [block options]
                                     (--out DIR [--url-prefix P] [Plotly options] | --svg FILE)

            Makes one figure for any static site (Hugo, Jekyll, MkDocs, ...), exactly as a visibility block of a
            JBake post: DIR/visibility/ gets the data file, visibility.js, visibility.css and Plotly; standard
            output gets the HTML to paste: the <head> tags and the <figure> (with a no-JavaScript fallback).

            The block:
              --block FILE           the `key: value` lines of a visibility block (or a Markdown file with
                                     one ```visibility block)
              --text TEXT            the text; write <|endoftext|> where GPT-2, Pythia and Qwen need it
              --text-file FILE       read the text from a UTF-8 file
              --corpus SOURCE        a corpus figure instead (a .txt, .jsonl, .json or .parquet file, or a hub
                                     dataset org/name[@REVISION]), with --samples N (default 100), --tokens T
                                     (default 20), --column C (default text) and --split S (default train)
              --view V               explorer (default; hover any cell) or heatmap (one state)
              --layer L              the state shown first (explorer) or only (heatmap); default: middle layer
              --position P           default: the middle position
              --direction D          sees, influences or both (default)
              --model MODEL          hub id, id@revision or local folder (default: gpt2); the environment
                                     variable VISIBILITY_MODEL, where set, replaces it and the block's model:,
                                     as it does in a site build
              --residual R           centered (default where defined: GPT-2, Pythia) or raw
              --caption TEXT         text under the figure
              A flag may not repeat an option that the --block file sets.

            Output:
              --out DIR              write the figure's files into DIR/visibility/
              --url-prefix P         the URL of DIR/visibility/ as the page sees it (default: visibility/);
                                     for example /visibility/ when DIR is the site's root
              --print WHAT           all (default), head (the <head> tags) or figure (the <figure>)
              --svg FILE             also (or, without --out, only) write an SVG image of the state given by
                                     --layer, --position and --direction, with token labels, axis titles
                                     and a colour bar, for papers and slides

            Plotly (default: the pinned full bundle, written into DIR/visibility/):
              --plotly-url URL       load Plotly from URL (any bundle with the heatmap trace, e.g. the partial
                                     cartesian bundle) ...
              --plotly-integrity H   ... checked against its Subresource Integrity value H (sha384-...)
              --plotly-file FILE     copy this bundle into DIR/visibility/ and load it from there

            Computation:
              --cache DIR            the heatmap cache (default: $XDG_CACHE_HOME/visibility or
                                     ~/.cache/visibility, shared with site builds)
              --max-tokens N         refuse texts longer than N tokens (default 64)
              --threads N            PyTorch threads (default: one per core)
              -h, --help             show this help
            """;

    private static final String FOLDER = ExportFolder.NAME + "/";
    private static final String DATA_FOLDER = ExportFolder.DATA + "/";
    private static final List<String> OWN_OPTIONS = List.of("block", "text", "text-file", "out", "url-prefix",
            "print", "svg", "plotly-url", "plotly-integrity", "plotly-file", "cache", "max-tokens", "threads");

    private ExportCommand() {
    }

    static void run(List<String> args, Map<String, String> environment, PrintStream out, PrintStream log)
            throws UsageException, IOException, ModelNotAvailableException, ModelLoadException,
            NonFiniteInfluenceException, CorpusException {
        Set<String> known = new HashSet<>(OWN_OPTIONS);
        known.addAll(CommandLineBlock.OPTIONS);
        Arguments arguments = Arguments.parse(args, known);
        if (arguments.help()) {
            out.print(HELP);
            return;
        }
        if (!arguments.has("out") && !arguments.has("svg")) {
            throw new UsageException("give --out DIR (a figure for a web page), --svg FILE (an image), or both");
        }
        String print = arguments.optional("print", "all");
        if (!List.of("all", "head", "figure").contains(print)) {
            throw new UsageException("--print must be all, head or figure, got '" + print + "'");
        }
        PlotlyChoice plotly = ExportPlotly.choice(arguments);
        // Every target is checked before the work, which may take hours.
        OutputTarget svg = arguments.has("svg") ? OutputTarget.of("--svg", arguments.required("svg")) : null;
        if (svg != null && svg.isStandardOutput() && arguments.has("out")) {
            throw new UsageException("--svg - writes the image to standard output, where --out prints the HTML;"
                    + " give the image a file name");
        }
        ExportFolder folder = arguments.has("out")
                ? ExportFolder.check(arguments.required("out"), ExportPlotly.pageFiles(arguments, plotly)) : null;
        CommandLineBlock block = CommandLineBlock.of(arguments);
        PreparedBlock prepared = CommandLineFigure.build(block, arguments, BlockDefaults.MODEL,
                arguments.positiveInt("max-tokens", BlockDefaults.MAX_TOKENS), environment, log);
        if (svg != null) {
            BlockOptions options = prepared.options();
            // A corpus's samples differ in their tokens: its positions are named by number only.
            List<String> tokens = prepared.corpus() == null ? prepared.text().tokens() : null;
            byte[] image = HeatmapSvg.document(prepared.matrix(), tokens, options.layer(), options.position(),
                    options.direction()).getBytes(StandardCharsets.UTF_8);
            svg.write(stream -> stream.write(image), out);
            log.println("Wrote " + svg.describe());
        }
        if (folder != null) {
            String given = arguments.optional("url-prefix", FOLDER);
            String prefix = given.isEmpty() || given.endsWith("/") ? given : given + "/";
            Path data = folder.write(prepared.dataFileName(), prepared.data());
            log.println("Wrote " + data + " and the page's files in " + folder.path());
            if (!print.equals("figure")) {
                out.println("<!-- visibility: in the page's <head>, once per page -->");
                out.print(PageAssets.headHtml(prefix, prefix, plotly));
            }
            if (!print.equals("head")) {
                out.println("<!-- visibility: where the figure goes -->");
                out.println(Placeholder.html(prefix + DATA_FOLDER + prepared.dataFileName(), prepared.options(),
                        prepared.text(), prepared.matrix(), prepared.corpus()));
            }
        }
    }
}
