package dev.visibility.model;

import dev.visibility.io.LogText;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The weights of a model folder: {@code model.safetensors}, or the shards that
 * {@code model.safetensors.index.json} names in its {@code weight_map}, as transformers saves large models.
 * Tensors are found by name across the shards; every shard stays open until the checkpoint is closed, because the
 * embedding is read row by row while the model is in use.
 */
public final class Checkpoint implements AutoCloseable {
    public static final String SINGLE_FILE = "model.safetensors";
    public static final String INDEX = ShardIndex.FILE_NAME;

    /** One tensor and the file that holds it. */
    public record Tensor(SafeTensors file, SafeTensors.Entry entry) {
    }

    private final List<SafeTensors> files;
    private final Map<String, Tensor> tensors;

    private Checkpoint(List<SafeTensors> files, Map<String, Tensor> tensors) {
        this.files = files;
        this.tensors = tensors;
    }

    /** Opens the weights in {@code folder}, preferring {@code model.safetensors} as transformers does. */
    public static Checkpoint open(Path folder) throws ModelLoadException {
        Path single = folder.resolve(SINGLE_FILE);
        Path index = folder.resolve(INDEX);
        if (Files.exists(single) || !Files.exists(index)) {
            SafeTensors file = SafeTensors.open(single);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            file.entries().forEach((name, entry) -> tensors.put(name, new Tensor(file, entry)));
            return new Checkpoint(List.of(file), tensors);
        }
        Map<String, String> weightMap = weightMap(index);
        List<SafeTensors> files = new ArrayList<>();
        Map<String, SafeTensors> shards = new HashMap<>();
        try {
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Map.Entry<String, String> weight : weightMap.entrySet()) {
                SafeTensors shard = shards.get(weight.getValue());
                if (shard == null) {
                    shard = SafeTensors.open(folder.resolve(weight.getValue()));
                    files.add(shard);
                    shards.put(weight.getValue(), shard);
                }
                SafeTensors.Entry entry = shard.entries().get(weight.getKey());
                if (entry == null) {
                    throw new ModelLoadException(index + ": tensor '" + LogText.excerpt(weight.getKey(), 80)
                            + "' should be in " + weight.getValue() + ", which does not have it");
                }
                tensors.put(weight.getKey(), new Tensor(shard, entry));
            }
            return new Checkpoint(List.copyOf(files), tensors);
        } catch (ModelLoadException | RuntimeException e) {
            files.forEach(SafeTensors::close);
            throw e;
        }
    }

    /** The index's {@code weight_map}: each tensor's shard, a plain file name beside the index. */
    private static Map<String, String> weightMap(Path index) throws ModelLoadException {
        try {
            return ShardIndex.read(index);
        } catch (IOException e) {
            throw new ModelLoadException(index + ": cannot be read (" + e.getMessage() + ")", e);
        } catch (ShardIndex.UnusableException e) {
            throw new ModelLoadException(index + ": " + e.getMessage());
        }
    }

    /** The tensor called {@code name}, if the checkpoint has it. */
    public Optional<Tensor> tensor(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    /** Every tensor name, in order. */
    public Iterable<String> names() {
        return tensors.keySet();
    }

    /** The file that a message about the checkpoint as a whole names: the index, or the single file. */
    public Path file() {
        return files.size() == 1 ? files.get(0).file() : files.get(0).file().resolveSibling(INDEX);
    }

    @Override
    public void close() {
        files.forEach(SafeTensors::close);
    }
}
