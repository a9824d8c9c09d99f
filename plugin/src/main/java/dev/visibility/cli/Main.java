package dev.visibility.cli;

import dev.visibility.corpus.CorpusException;
import dev.visibility.hub.ModelNotAvailableException;
import dev.visibility.influence.NonFiniteInfluenceException;
import dev.visibility.model.ModelLoadException;
import dev.visibility.pipeline.UsageTracking;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The {@code visibility} command line. */
public final class Main {
    static final String HELP = """
            Usage: visibility COMMAND [options]

            Precomputes what a language model's hidden states see and influence (GPT-2, Pythia, Llama 3.2,
            SmolLM2, Qwen2.5, Qwen3, Gemma 2).

            Commands:
              compute    compute every heatmap of one text and write them as JSON
              export     make one figure for any static site (files and HTML to paste), or an SVG image
              benchmark  measure speed and memory on random checkpoints with real models' shapes

            Run 'visibility COMMAND --help' for the options of a command.
            """;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.getenv(), System.out, System.err));
    }

    /**
     * Runs the command line and returns its exit code: 0 on success, 2 for usage errors, 1 for other failures.
     * Public so that tests elsewhere (the site's browser tests) can run a command without a new process.
     *
     * @param environment the variables that locate models, datasets and caches ({@code HF_*},
     *                    {@code XDG_CACHE_HOME}, {@code HOME}): the process's own, or a test's
     */
    public static int run(List<String> args, Map<String, String> environment, PrintStream out, PrintStream err) {
        UsageTracking.optOut();
        if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h")) {
            (args.isEmpty() ? err : out).print(HELP);
            return args.isEmpty() ? 2 : 0;
        }
        try {
            switch (args.get(0)) {
                case "compute" -> ComputeCommand.run(args.subList(1, args.size()), environment, out, err);
                case "export" -> ExportCommand.run(args.subList(1, args.size()), environment, out, err);
                case "benchmark" -> BenchmarkCommand.run(args.subList(1, args.size()), out, err);
                default -> throw new UsageException("unknown command '" + args.get(0) + "'");
            }
            return 0;
        } catch (UsageException e) {
            err.println("visibility: " + e.getMessage());
            err.println("Run 'visibility --help' or 'visibility COMMAND --help' for usage.");
            return 2;
        } catch (CorpusException e) {
            err.println("visibility: " + e.getMessage());
            return 1;
        } catch (ModelNotAvailableException e) {
            err.println("visibility: " + e.getMessage());
            return 1;
        } catch (ModelLoadException e) {
            err.println("visibility: cannot load the model: " + e.getMessage());
            return 1;
        } catch (NonFiniteInfluenceException e) {
            err.println("visibility: cannot compute the heatmaps: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("visibility: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 1;
        }
    }
}
