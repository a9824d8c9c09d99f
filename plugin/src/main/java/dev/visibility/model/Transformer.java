package dev.visibility.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * A decoder-only language model on DJL NDArrays, up to the residual stream: the embeddings, then its blocks. The
 * final norm and the unembedding are never needed, so they are not loaded, and the token embedding stays on disk
 * ({@link TokenEmbedding}). The forward pass keeps what each block computed ({@link Block.Activations}), so that a
 * backward pass can reuse it.
 */
public final class Transformer implements AutoCloseable {
    private final ModelConfig config;
    private final NDManager manager;
    private final Checkpoint checkpoint;
    private final Family.Embedding embedding;
    private final List<Block> blocks;

    private Transformer(ModelConfig config, NDManager manager, Checkpoint checkpoint, Family.Embedding embedding,
                        List<Block> blocks) {
        this.config = config;
        this.manager = manager;
        this.checkpoint = checkpoint;
        this.embedding = embedding;
        this.blocks = blocks;
    }

    /**
     * Loads {@code config.json} and the weights ({@code model.safetensors} or its shards) from a Hugging Face
     * model folder.
     *
     * @throws ModelLoadException naming the file (and tensor) that cannot be used, or when {@code residual} is
     *                            centred and the family has RMSNorm, where centring is not defined
     */
    public static Transformer load(Path folder, Residual residual) throws ModelLoadException {
        ModelConfig config = ModelConfig.read(folder.resolve("config.json"));
        boolean center = residual == Residual.CENTERED;
        if (center && !config.centerable()) {
            throw new ModelLoadException(folder.resolve("config.json") + ": " + config.modelType() + " models use"
                    + " RMSNorm, where the centred residual convention is not defined; use residual: raw");
        }
        Family family = Family.of(config);
        Checkpoint checkpoint = Checkpoint.open(folder);
        Future<NDManager> started = null;
        try {
            try (LoadingThreads threads = new LoadingThreads()) {
                // Starting the engine loads PyTorch's native library, which takes up to a second: meanwhile this
                // thread checks the embedding, which stays on disk and needs no engine.
                started = threads.submit(NDManager::newBaseManager);
                WeightLoader streaming = new WeightLoader(checkpoint, () -> {
                    throw new IllegalStateException("an embedding is streamed: it needs no engine");
                }, family.names());
                streaming.requireBlockCount(config.layers(), family.names().layersKey());
                Family.Embedding embedding = family.embedding(streaming, config, center);
                NDManager manager = LoadingThreads.result(started);
                // One thread: with two taking alternate layers, loading GPT-2 small was slower on a busy 2-core
                // machine (1.8-5.4 s against 1.3-2.3 s).
                WeightLoader weights = new WeightLoader(checkpoint, () -> manager, family.names());
                List<Block> blocks = new ArrayList<>();
                for (int layer = 0; layer < config.layers(); layer++) {
                    blocks.add(family.block(weights, config, layer, center));
                }
                return new Transformer(config, manager, checkpoint, embedding, List.copyOf(blocks));
            }
        } catch (ModelLoadException | RuntimeException e) {
            // The threads have ended here: nothing adds arrays to the manager while it closes.
            closeStarted(started);
            checkpoint.close();
            throw e;
        }
    }

    /** Closes the manager that {@code started} made, if it made one. */
    private static void closeStarted(Future<NDManager> started) {
        if (started == null) {
            return;
        }
        try {
            started.get().close();
        } catch (ExecutionException | CancellationException e) {
            // The engine did not start, so there is no manager to close; the load's own failure is reported.
        } catch (InterruptedException e) {
            // Not reached in practice (the thread has ended), but the caller's interrupt is kept.
            Thread.currentThread().interrupt();
        }
    }

    public ModelConfig config() {
        return config;
    }

    /** Block {@code layer}, whose output is the hidden state {@code h[layer]}. */
    public Block block(int layer) {
        return blocks.get(layer);
    }

    /**
     * Runs the model once over the text {@code ids}: the embeddings, then every block.
     *
     * @param manager owns every array of the pass; DJL attaches each result to the manager of its first operand,
     *                so the pass starts from embeddings made in it, and everything else follows
     * @return what each block computed, in order; the output of block {@code l} is the hidden state {@code h[l]}
     * @throws ModelLoadException if an embedding row the text needs cannot be read or is not finite
     */
    public List<Block.Activations> forward(NDManager manager, long[] ids) throws ModelLoadException {
        int length = ids.length;
        NDArray x = embedding.embed(manager, ids);
        Rope.Table rope = config.rope() == null ? null : config.rope().table(manager, length);
        Map<Integer, NDArray> masks = new HashMap<>();
        List<Block.Activations> activations = new ArrayList<>();
        for (Block block : blocks) {
            NDArray mask = masks.computeIfAbsent(block.attention().window(),
                    window -> manager.create(mask(length, window), new Shape(length, length)));
            // A block makes many temporaries (raw and masked attention scores, the MLP's terms) that nothing
            // keeps: they live in a scratch manager, freed after the block, and only the activations move on.
            try (NDManager scratch = manager.newSubManager()) {
                x.tempAttach(scratch);
                Block.Activations done = block.forward(x, rope, mask);
                done.arrays().attach(manager);
                activations.add(done);
                x = done.output();
            }
        }
        return activations;
    }

    /**
     * {@code [T, T]}: 0 where a query may attend, -∞ elsewhere, so that softmax gives exact zeros. A query sees
     * the keys at or before it, and with a window only the last {@code window} of them.
     */
    public static float[] mask(int length, int window) {
        float[] mask = new float[length * length];
        Arrays.fill(mask, Float.NEGATIVE_INFINITY);
        for (int query = 0; query < length; query++) {
            int first = window > 0 ? Math.max(0, query - window + 1) : 0;
            Arrays.fill(mask, query * length + first, query * length + query + 1, 0f);
        }
        return mask;
    }

    @Override
    public void close() {
        manager.close();
        checkpoint.close();
    }
}
