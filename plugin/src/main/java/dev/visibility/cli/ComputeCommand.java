package dev.visibility.cli;

import dev.visibility.corpus.CorpusException;
import dev.visibility.hub.ModelNotAvailableException;
import dev.visibility.influence.InfluenceMatrix;
import dev.visibility.influence.NonFiniteInfluenceException;
import dev.visibility.model.ModelLoadException;
import dev.visibility.model.TorchSettings;
import dev.visibility.page.CorpusSummary;
import dev.visibility.pipeline.BlockDefaults;
import dev.visibility.pipeline.PreparedBlock;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code visibility compute}: the influence matrix of one text, or its mean and standard deviation over a corpus,
 * written as JSON. The flags become a block, which goes through the same pipeline and cache as a block of a post.
 */
final class ComputeCommand {
    static final String HELP = """
            Usage: visibility compute --model MODEL (--text TEXT | --text-file FILE) --out FILE [options]
                   visibility compute --model MODEL --corpus SOURCE [corpus options] --out FILE [options]

            Computes every heatmap of a text: how each hidden state depends on every state below it; or
            their mean and standard deviation over the samples of a corpus.

            Options:
              --model MODEL          a local folder with config.json, tokenizer.json and model.safetensors (or
                                     sharded weights), or a Hugging Face model: gpt2, EleutherAI/pythia-160m,
                                     HuggingFaceTB/SmolLM2-135M, Qwen/Qwen2.5-0.5B, meta-llama/Llama-3.2-1B,
                                     org/name@REVISION (downloaded into the Hugging Face cache; see
                                     HF_HOME, HF_HUB_CACHE, HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE);
                                     the environment variable VISIBILITY_MODEL, where set, replaces it
                                     (and may stand in for it), as it replaces every model of a site build
              --text TEXT            the input text; write <|endoftext|> where GPT-2, Pythia and Qwen need it
                                     (Llama 3 and Gemma add their BOS themselves)
              --text-file FILE       read the input text from a UTF-8 file instead (at most 16 MB)
              --out FILE             the JSON file to write (written atomically; - for standard output;
                                     a device or FIFO is written through, never replaced)
              --format FORMAT        dense (default): {ids, tokens, layers, positions, backward, forward},
                                       backward and forward as [layers][positions][layers][positions];
                                     seed: the original blog's heatmaps.json, data[L][P][l][p] of
                                       backward + forward
              --residual MODE        centered (TransformerLens convention; the default for GPT-2 and Pythia) or
                                     raw (weights as stored; the default, and the only one, for RMSNorm models)
              --cache DIR            where computed heatmaps are kept, so that the same text, model and residual
                                     mode are never computed twice, and a corpus run resumes (default: the
                                     site builds' cache, $XDG_CACHE_HOME/visibility or ~/.cache/visibility)

            Corpus options (see the README's corpus figures):
              --corpus SOURCE        a .txt (a text per line), .jsonl, .json or .parquet file, or a hub
                                     dataset org/name[@REVISION]; a sample is <|endoftext|> and the first
                                     tokens of a text
              --samples N            how many samples (default 100)
              --tokens T             positions per sample (default 20)
              --column C             the field or column that holds the text (default text)
              --split S              the split of a hub dataset (default train)
              With --corpus, dense holds layers, positions, samples, skipped, backward and forward (the means)
              and backward_sd and forward_sd; seed holds the sum over the samples, as the original project
              published it.

              --max-tokens N         refuse texts longer than N tokens (default: the model's n_positions)
              --threads N            PyTorch threads (default: one per core, %d here)
              -h, --help             show this help
            """.formatted(TorchSettings.defaultThreads());

    private static final Set<String> OPTIONS = Set.of("model", "text", "text-file", "out", "format", "residual",
            "max-tokens", "threads", "corpus", "samples", "tokens", "column", "split", "cache");

    private ComputeCommand() {
    }

    static void run(List<String> args, Map<String, String> environment, PrintStream out, PrintStream log)
            throws UsageException, ModelLoadException, ModelNotAvailableException, IOException,
            NonFiniteInfluenceException, CorpusException {
        Arguments arguments = Arguments.parse(args, OPTIONS);
        if (arguments.help()) {
            out.print(HELP);
            return;
        }
        // VISIBILITY_MODEL replaces --model (CommandLineFigure), so with it set the flag may be left out.
        String override = BlockDefaults.modelOverride(environment);
        String model = override != null ? override : arguments.required("model");
        OutputTarget output = OutputTarget.of("--out", arguments.required("out"));
        String format = arguments.optional("format", "dense");
        if (!format.equals("dense") && !format.equals("seed")) {
            throw new UsageException("--format must be dense or seed, got '" + format + "'");
        }
        if ((arguments.has("text") ? 1 : 0) + (arguments.has("text-file") ? 1 : 0)
                + (arguments.has("corpus") ? 1 : 0) != 1) {
            throw new UsageException("give exactly one of --text, --text-file and --corpus");
        }
        PreparedBlock figure = CommandLineFigure.build(CommandLineBlock.of(arguments), arguments, model,
                arguments.positiveInt("max-tokens", Integer.MAX_VALUE), environment, log);
        CorpusSummary corpus = figure.corpus();
        output.write(stream -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
            if (format.equals("seed")) {
                HeatmapJson.writeSeed(corpus == null ? figure.matrix() : sum(figure.matrix(), corpus.samples()),
                        writer);
            } else if (corpus == null) {
                HeatmapJson.writeDense(figure.text(), figure.matrix(), writer);
            } else {
                HeatmapJson.writeCorpusDense(figure.matrix(), corpus, writer);
            }
            writer.flush();
        }, out);
        log.println("Wrote " + output.describe());
    }

    /** The original project published the sum over its samples, not the mean. */
    private static InfluenceMatrix sum(InfluenceMatrix mean, int samples) {
        float[] values = mean.values();
        for (int i = 0; i < values.length; i++) {
            values[i] *= samples;
        }
        return new InfluenceMatrix(mean.layers(), mean.positions(), values);
    }
}
