package dev.visibility.pipeline;

import dev.visibility.corpus.CorpusException;
import dev.visibility.corpus.CorpusSamples;
import dev.visibility.corpus.CorpusTexts;
import dev.visibility.hub.LocatedModel;
import dev.visibility.hub.ModelNotAvailableException;
import dev.visibility.influence.CorpusStatistics;
import dev.visibility.influence.InfluenceMatrix;
import dev.visibility.influence.NonFiniteInfluenceException;
import dev.visibility.model.ModelConfig;
import dev.visibility.model.ModelTokenizer;
import dev.visibility.model.ModelLoadException;
import dev.visibility.model.Residual;
import dev.visibility.page.CorpusSummary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The averaged {@code G} of a corpus block. Each sample's {@code G} is cached like a single text's, so an
 * interrupted build resumes from the samples it has, and changing a few texts recomputes only their samples. The
 * mean and the standard deviation are cached under a key made of all the samples' keys.
 */
public final class CorpusFigure {
    /** How often a long corpus reports its progress. */
    private static final long REPORT_NANOS = 5_000_000_000L;

    /**
     * What a corpus block shows.
     *
     * @param mean    the mean of {@code G} over the samples
     * @param summary the samples, the texts skipped, and the standard deviation of {@code G}
     */
    record Result(InfluenceMatrix mean, CorpusSummary summary) {
    }

    /** Where a hub dataset's data files come from. */
    @FunctionalInterface
    public interface DatasetSource {
        /** The data files of {@code split} of the hub dataset {@code dataset}, in sorted path order. */
        List<Path> files(String dataset, String split) throws ModelNotAvailableException;
    }

    private final Precomputer precomputer;
    private final DatasetSource datasets;
    private final CorpusRoots roots;
    private final Map<String, List<Path>> located = new HashMap<>();
    private final Consumer<String> log;

    CorpusFigure(Precomputer precomputer, DatasetSource datasets, CorpusRoots roots, Consumer<String> log) {
        this.precomputer = precomputer;
        this.datasets = datasets;
        this.roots = roots;
        this.log = log;
    }

    /**
     * @param folder where a relative corpus file is found: the post's folder, or the working directory
     * @throws DirectiveException for a corpus that cannot be used, at the line to fix
     */
    Result build(Directive directive, Path folder, String label, LocatedModel model, ModelConfig config,
                 ModelTokenizer tokenizer, Residual residual, int maxTokens)
            throws DirectiveException, IOException, ModelLoadException, ModelNotAvailableException,
            NonFiniteInfluenceException {
        CorpusRequest request = directive.corpus();
        int tokens = request.tokensOrDefault();
        int limit = Math.min(maxTokens, config.maxPositions());
        if (tokens > limit) {
            throw new DirectiveException(directive.lineOf("tokens"), "tokens " + tokens + " is more than "
                    + (limit == config.maxPositions() ? "the model's context length" : "the configured maximum")
                    + " of " + limit);
        }
        int corpusLine = directive.lineOf("corpus");
        if (config.bosTokenId() >= config.vocabSize()) {
            throw new DirectiveException(corpusLine, "every sample starts with the model's bos_token_id, and "
                    + model.name() + "'s config.json does not give one that its vocabulary has");
        }
        CorpusSamples samples;
        try (CorpusTexts texts = CorpusTexts.open(files(request, folder, corpusLine), request.columnOrDefault(),
                note -> log.accept(label + ": " + note))) {
            samples = CorpusSamples.select(texts, tokenizer::ids, config.bosTokenId(), tokens,
                    request.samplesOrDefault(), searchProgress(label, request.samplesOrDefault()));
        } catch (CorpusException e) {
            throw new DirectiveException(corpusLine, e.getMessage(), e);
        }
        if (samples.ids().isEmpty()) {
            throw new DirectiveException(corpusLine, "no text of " + request.source() + " has the " + (tokens - 1)
                    + " tokens a sample needs (" + samples.skipped() + " texts are shorter); lower `tokens:` or"
                    + " use longer texts");
        }
        log.accept(label + ": " + samples.ids().size() + " samples of " + tokens + " tokens from "
                + request.source() + "; texts skipped as too short: " + samples.skipped()
                + (samples.missing() == 0 ? "" : "; null texts skipped: " + samples.missing()));
        if (samples.ids().size() < request.samplesOrDefault()) {
            log.accept(label + ": warning: " + request.source() + " has only " + samples.ids().size()
                    + " usable texts, fewer than the " + request.samplesOrDefault() + " asked for; using them all");
        }
        return aggregate(label, model, residual, samples, config.layers(), tokens);
    }

    private Result aggregate(String label, LocatedModel model, Residual residual, CorpusSamples samples, int layers,
                             int tokens)
            throws IOException, ModelLoadException, ModelNotAvailableException, NonFiniteInfluenceException {
        List<String> sampleKeys = new ArrayList<>();
        for (long[] ids : samples.ids()) {
            sampleKeys.add(CacheKey.of(model.identity(), residual, ids));
        }
        String meanKey = aggregateKey("corpus mean", sampleKeys);
        String deviationKey = aggregateKey("corpus standard deviation", sampleKeys);
        Optional<InfluenceMatrix> mean = precomputer.stored(meanKey, layers, tokens);
        Optional<InfluenceMatrix> deviation = precomputer.stored(deviationKey, layers, tokens);
        if (mean.isPresent() && deviation.isPresent()) {
            log.accept(label + ": the mean over " + sampleKeys.size() + " samples is cached");
            return new Result(mean.get(), new CorpusSummary(sampleKeys.size(), samples.skipped(), deviation.get()));
        }
        CorpusStatistics statistics = new CorpusStatistics(layers, tokens);
        long start = System.nanoTime();
        long reported = start;
        for (int i = 0; i < samples.ids().size(); i++) {
            statistics.add(precomputer.sample(model, residual, samples.ids().get(i)));
            long now = System.nanoTime();
            if (now - reported > REPORT_NANOS && i + 1 < samples.ids().size()) {
                reported = now;
                double left = (now - start) / 1e9 / (i + 1) * (samples.ids().size() - i - 1);
                log.accept(String.format("%s: sample %d of %d, about %.0f s left", label, i + 1,
                        samples.ids().size(), left));
            }
        }
        InfluenceMatrix computedMean = statistics.mean();
        InfluenceMatrix computedDeviation = statistics.standardDeviation();
        precomputer.store(meanKey, computedMean);
        precomputer.store(deviationKey, computedDeviation);
        log.accept(String.format("%s: %d samples done in %.1f s", label, samples.ids().size(),
                (System.nanoTime() - start) / 1e9));
        return new Result(computedMean, new CorpusSummary(statistics.count(), samples.skipped(), computedDeviation));
    }

    /** Lines every few seconds while texts are read, since a corpus of short texts can take minutes to search. */
    private CorpusSamples.Search searchProgress(String label, int wanted) {
        long start = System.nanoTime();
        long[] reported = {start};
        return (read, found) -> {
            long now = System.nanoTime();
            if (now - reported[0] > REPORT_NANOS) {
                reported[0] = now;
                log.accept(String.format("%s: looking for samples: %d texts read in %.0f s, %d of %d samples found",
                        label, read, (now - start) / 1e9, found, wanted));
            }
        };
    }

    /** A key for what is derived from all the samples: it changes whenever one sample's key does. */
    private static String aggregateKey(String what, List<String> sampleKeys) {
        return CacheKey.sha256Hex((what + "\n" + String.join("\n", sampleKeys)).getBytes(StandardCharsets.UTF_8));
    }

    /** The local file, or the data files of the hub dataset's split. */
    private List<Path> files(CorpusRequest request, Path folder, int line) throws DirectiveException {
        Path local;
        try {
            local = folder.resolve(request.source());
        } catch (InvalidPathException notAPath) {
            return hubFiles(request, line);
        }
        if (Files.isRegularFile(local)) {
            roots.check(local, request.source(), line);
            return List.of(local);
        }
        if (CorpusTexts.isCorpusFile(request.source())) {
            throw new DirectiveException(line, "corpus file " + local + " not found; a relative path is taken from "
                    + folder);
        }
        return hubFiles(request, line);
    }

    /** The split's files, located once per build however many blocks use it (as models are, in ModelPool). */
    private List<Path> hubFiles(CorpusRequest request, int line) throws DirectiveException {
        String key = request.source() + "\n" + request.splitOrDefault();
        try {
            List<Path> files = located.get(key);
            if (files == null) {
                files = datasets.files(request.source(), request.splitOrDefault());
                located.put(key, files);
            }
            return files;
        } catch (ModelNotAvailableException e) {
            // The locator's message says what to do: go online, pin a revision, or use a local file.
            throw new DirectiveException(line, "corpus '" + request.source() + "' is not available: "
                    + e.getMessage(), e);
        }
    }
}
