package dev.visibility.cli;

import dev.visibility.pipeline.ComputeCost;
import dev.visibility.hub.ModelLocator;
import dev.visibility.hub.ModelNotAvailableException;
import dev.visibility.influence.InfluenceComputation;
import dev.visibility.influence.InfluenceMatrix;
import dev.visibility.influence.NonFiniteInfluenceException;
import dev.visibility.model.Gpt2;
import dev.visibility.model.Gpt2Config;
import dev.visibility.model.Gpt2Tokenizer;
import dev.visibility.model.ModelLoadException;
import dev.visibility.model.Residual;
import dev.visibility.model.TokenizedText;
import dev.visibility.model.TorchSettings;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code visibility compute}: the influence matrix of one text, written as JSON. */
final class ComputeCommand {
    static final String HELP = """
            Usage: visibility compute --model MODEL (--text TEXT | --text-file FILE) --out FILE [options]
                   visibility compute --model MODEL --corpus SOURCE [corpus options] --out FILE [options]

            Computes every heatmap of a text: how each GPT-2 hidden state depends on every state below it; or
            their mean and standard deviation over the samples of a corpus.

            Options:
              --model MODEL          a local folder with config.json, model.safetensors and tokenizer.json,
                                     or a Hugging Face model: gpt2, gpt2-medium, openai-community/gpt2,
                                     org/name@REVISION (downloaded into the Hugging Face cache; see
                                     HF_HOME, HF_HUB_CACHE, HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE)
              --text TEXT            the input text; write <|endoftext|> for GPT-2's special token
              --text-file FILE       read the input text from a UTF-8 file instead (at most 16 MB)
              --out FILE             the JSON file to write (written atomically; - for standard output;
                                     a device or FIFO is written through, never replaced)
              --format FORMAT        dense (default): {ids, tokens, layers, positions, backward, forward},
                                       backward and forward as [layers][positions][layers][positions];
                                     seed: the original blog's heatmaps.json, data[L][P][l][p] of
                                       backward + forward
              --residual MODE        centered (default; TransformerLens convention) or raw (weights as stored)

            Corpus options (see the README's corpus figures):
              --corpus SOURCE        a .txt (a text per line), .jsonl, .json or .parquet file, or a hub
                                     dataset org/name[@REVISION]; a sample is <|endoftext|> and the first
                                     tokens of a text
              --samples N            how many samples (default 100)
              --tokens T             positions per sample (default 20)
              --column C             the field or column that holds the text (default text)
              --split S              the split of a hub dataset (default train)
              --cache DIR            where each sample's heatmaps are kept, so that a run resumes (default:
                                     the site builds' cache, $XDG_CACHE_HOME/visibility or ~/.cache/visibility)
              With --corpus, dense holds layers, positions, samples, skipped, backward and forward (the means)
              and backward_sd and forward_sd; seed holds the sum over the samples, as the original project
              published it.

              --max-tokens N         refuse texts longer than N tokens (default: the model's n_positions)
              --threads N            PyTorch threads (default: one per core, %d here)
              -h, --help             show this help
            """.formatted(TorchSettings.defaultThreads());

    /** Far more than any context holds (the tokenizer refuses long texts by length too), but never gigabytes. */
    private static final long MAX_TEXT_FILE_BYTES = 16L << 20;

    private static final Set<String> OPTIONS = Set.of("model", "text", "text-file", "out", "format", "residual",
            "max-tokens", "threads", "corpus", "samples", "tokens", "column", "split", "cache");

    private ComputeCommand() {
    }

    static void run(List<String> args, PrintStream out, PrintStream log)
            throws UsageException, ModelLoadException, ModelNotAvailableException, IOException,
            NonFiniteInfluenceException {
        Arguments arguments = Arguments.parse(args, OPTIONS);
        if (arguments.help()) {
            out.print(HELP);
            return;
        }
        String modelName = arguments.required("model");
        OutputTarget output = OutputTarget.of(arguments.required("out"));
        String format = arguments.optional("format", "dense");
        if (!format.equals("dense") && !format.equals("seed")) {
            throw new UsageException("--format must be dense or seed, got '" + format + "'");
        }
        if (arguments.has("corpus")) {
            CorpusCompute.run(arguments, output, format.equals("dense"), out, log);
            return;
        }
        for (String option : List.of("samples", "tokens", "column", "split", "cache")) {
            if (arguments.has(option)) {
                throw new UsageException("--" + option + " belongs to --corpus");
            }
        }
        String text = text(arguments);
        Residual residual;
        try {
            residual = Residual.parse(arguments.optional("residual", "centered"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--residual: " + e.getMessage());
        }
        int maxTokens = arguments.positiveInt("max-tokens", Integer.MAX_VALUE);
        int threads = arguments.positiveInt("threads", TorchSettings.defaultThreads());
        TorchSettings.configure(threads);
        TorchSettings.requireNatives();
        Path model = new ModelLocator(System.getenv(), TerminalProgress.standardError()).locate(modelName)
                .folderWithWeights();

        TokenizedText tokens;
        try (Gpt2Tokenizer tokenizer = Gpt2Tokenizer.load(model)) {
            tokens = tokenizer.encode(text, maxTokens);
        } catch (IllegalArgumentException e) {
            throw new UsageException("the text cannot be used: " + e.getMessage());
        }
        log.println("The text has " + tokens.size() + " tokens: "
                + ComputeCost.of(Gpt2Config.read(model.resolve("config.json")), tokens.size(), threads).describe(threads));
        long start = System.nanoTime();
        log.println("Loading " + model + " (" + residual.id() + " residual stream)");
        InfluenceMatrix g;
        try (Gpt2 gpt2 = Gpt2.load(model, residual)) {
            log.printf("Loaded in %.1f s; %d layers, %d tokens%n", seconds(start), gpt2.config().nLayer(), tokens.size());
            long computeStart = System.nanoTime();
            g = InfluenceComputation.compute(gpt2, tokens.ids(), new ProgressLine(log, "Computing heatmaps"));
            log.printf("Computed %d heatmaps in %.1f s%n", g.layers() * g.positions(), seconds(computeStart));
        }
        output.write(stream -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
            if (format.equals("dense")) {
                HeatmapJson.writeDense(tokens, g, writer);
            } else {
                HeatmapJson.writeSeed(g, writer);
            }
            writer.flush();
        }, out);
        log.println("Wrote " + output.describe());
    }

    private static String text(Arguments arguments) throws UsageException, IOException {
        if (arguments.has("text") == arguments.has("text-file")) {
            throw new UsageException("give exactly one of --text and --text-file");
        }
        if (arguments.has("text")) {
            return arguments.required("text");
        }
        Path file = Path.of(arguments.required("text-file"));
        if (!Files.isRegularFile(file)) {
            throw new UsageException("--text-file " + file + ": file not found");
        }
        if (Files.size(file) > MAX_TEXT_FILE_BYTES) {
            throw new UsageException("--text-file " + file + " has " + Files.size(file) + " bytes; GPT-2 reads at most"
                    + " a few thousand tokens, so give a shorter text");
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
