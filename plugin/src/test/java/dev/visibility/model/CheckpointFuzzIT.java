package dev.visibility.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.visibility.Folders;
import dev.visibility.FuzzRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;


/**
 * Mutates the tiny GPT-2's safetensors header, data and config.json at random, with a fixed seed, for about 10
 * seconds. Every case must load or end in a {@link ModelLoadException} that names the file: never another
 * exception, a crash or a hang. A NaN or infinity written into the data must always be refused.
 *
 * <p>{@code -Dvisibility.fuzz.seed=N} and {@code -Dvisibility.fuzz.seconds=S} replay or lengthen a run.
 */
class CheckpointFuzzIT {
    /** JSON values that a careless tool or a hostile file might put anywhere. */
    private static final List<String> HOSTILE = List.of("null", "{}", "[]", "\"\"", "\"x\"", "true", "-1", "0",
            "1", "64.9", "1e999", "-1e999", "1e-400", "NaN", "4294967300", "9223372036854775807",
            "18446744073709551616", "[64.9]", "[-1]", "[1, 2]", "[0, 0]", "[9223372036854775807, 0]",
            "[4611686018427387903, 4611686018427387903]", "[[1]]", "\"F32\"", "\"F16\"", "\"BF16\"", "\"I64\"",
            "[" .repeat(200) + "]".repeat(200), "{\"a\": 1}");
    private static final List<String> CONFIG_KEYS = List.of("model_type", "activation_function", "n_layer",
            "n_head", "n_embd", "vocab_size", "n_positions", "layer_norm_epsilon");
    private static final List<String> HEADER_KEYS = List.of("dtype", "shape", "data_offsets");

    @TempDir
    Path temp;

    private final FuzzRun run = FuzzRun.start("checkpoint", 14, 10);
    private final Random random = run.random();

    @Test
    void everyMutatedCheckpointLoadsOrIsRefusedCleanly() throws Exception {
        HostileCheckpoint original = HostileCheckpoint.tiny();
        for (int index = 0; run.more(); index++) {
            Path folder = temp.resolve("case" + index);
            Mutation mutation = mutate(HostileCheckpoint.tiny(), original, folder);
            Outcome outcome = run.within(mutation.description(), () -> load(folder));
            if (outcome.error() instanceof ModelLoadException refusal) {
                if (refusal.getMessage().startsWith(folder.toString())) {
                    run.refused();
                } else {
                    run.wrong(mutation.description(), "the message does not name the file: " + refusal.getMessage());
                }
            } else if (outcome.error() != null) {
                run.wrong(mutation.description(), outcome.error().toString());
            } else if (mutation.mustBeRefused()) {
                run.wrong(mutation.description(), "loaded although it must be refused");
            } else {
                run.read();
            }
            Folders.delete(folder);
        }
        run.finish(51);
    }

    private record Mutation(String description, boolean mustBeRefused) {
    }

    private record Outcome(Throwable error) {
    }

    /** Loads the weights and the tokenizer, as a build does; any Throwable is the outcome, not a test error. */
    private static Outcome load(Path folder) {
        try (Transformer model = Transformer.load(folder, Residual.CENTERED);
             ModelTokenizer tokenizer = ModelTokenizer.load(folder)) {
            return new Outcome(null);
        } catch (Throwable error) {
            return new Outcome(error);
        }
    }

    private Mutation mutate(HostileCheckpoint checkpoint, HostileCheckpoint original, Path folder) throws IOException {
        List<String> names = new ArrayList<>(checkpoint.header.keySet());
        names.remove("__metadata__");
        String tensor = names.get(random.nextInt(names.size()));
        JsonObject entry = checkpoint.header.getAsJsonObject(tensor);
        String value = run.pick(HOSTILE);
        switch (random.nextInt(9)) {
            case 0 -> {
                String key = run.pick(HEADER_KEYS);
                entry.addProperty(key, HostileCheckpoint.RAW + value);
                checkpoint.write(folder);
                return new Mutation(tensor + "." + key + " = " + value, false);
            }
            case 1 -> {
                String key = run.pick(HEADER_KEYS);
                entry.remove(key);
                checkpoint.write(folder);
                return new Mutation(tensor + " without " + key, true);
            }
            case 2 -> {
                String other = names.get(random.nextInt(names.size()));
                JsonArray offsets = entry.getAsJsonArray("data_offsets");
                entry.add("data_offsets", checkpoint.header.getAsJsonObject(other).get("data_offsets").deepCopy());
                checkpoint.header.getAsJsonObject(other).add("data_offsets", offsets);
                checkpoint.write(folder);
                return new Mutation("offsets of " + tensor + " and " + other + " exchanged", false);
            }
            case 3 -> {
                JsonArray offsets = entry.getAsJsonArray("data_offsets");
                long shift = random.nextInt(17) - 8;
                JsonArray shifted = new JsonArray();
                shifted.add(offsets.get(0).getAsLong() + shift);
                shifted.add(offsets.get(1).getAsLong() + (random.nextBoolean() ? shift : 0));
                entry.add("data_offsets", shifted);
                checkpoint.write(folder);
                return new Mutation(tensor + " offsets shifted by " + shift, shift != 0);
            }
            case 4 -> {
                String text = checkpoint.headerText();
                int at = random.nextInt(text.length());
                String changed = text.substring(0, at) + (char) (32 + random.nextInt(95)) + text.substring(at + 1);
                HostileCheckpoint.write(folder, changed, checkpoint.data, checkpoint.config);
                return new Mutation("header character " + at + " changed", false);
            }
            case 5 -> {
                byte[] file = HostileCheckpoint.safetensors(checkpoint.headerText().getBytes(StandardCharsets.UTF_8),
                        checkpoint.data);
                long length = random.nextBoolean() ? random.nextLong() : random.nextInt(file.length + 16) - 8;
                ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putLong(0, length);
                int cut = random.nextInt(4) == 0 ? random.nextInt(file.length) : file.length;
                HostileCheckpoint.write(folder, "{}", new byte[0], checkpoint.config);
                Files.write(folder.resolve("model.safetensors"), Arrays.copyOf(file, cut));
                return new Mutation("header length " + length + ", file cut at " + cut, false);
            }
            case 6 -> {
                // Only the weights that the engine reads must be refused; a NaN in ln_f or lm_head changes nothing.
                List<String> used = names.stream().filter(CheckpointFuzzIT::readByTheEngine).toList();
                JsonArray offsets = checkpoint.header.getAsJsonObject(used.get(random.nextInt(used.size())))
                        .getAsJsonArray("data_offsets");
                int first = (int) (offsets.get(0).getAsLong() / 4);
                int element = first + random.nextInt((int) (offsets.get(1).getAsLong() / 4) - first);
                float bad = run.pick(List.of(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY));
                ByteBuffer.wrap(checkpoint.data).order(ByteOrder.LITTLE_ENDIAN).putFloat(element * 4, bad);
                checkpoint.write(folder);
                return new Mutation(bad + " at data element " + element, true);
            }
            case 7 -> {
                String key = run.pick(CONFIG_KEYS);
                HostileCheckpoint.write(folder, original.headerText(), original.data, original.configWith(key, value));
                return new Mutation("config " + key + " = " + value, false);
            }
            default -> {
                String config = original.config;
                int at = random.nextInt(config.length());
                String changed = config.substring(0, at) + run.pick(List.of("//", "'", ",", "}", "x", "\u0000", ""))
                        + config.substring(Math.min(config.length(), at + random.nextInt(3)));
                HostileCheckpoint.write(folder, original.headerText(), original.data, changed);
                return new Mutation("config text changed at " + at, false);
            }
        }
    }

    /** The engine loads the embeddings and the blocks, not the final LayerNorm, the unembedding or buffers. */
    private static boolean readByTheEngine(String tensor) {
        return !tensor.contains("ln_f.") && !tensor.startsWith("lm_head") && !tensor.endsWith("attn.bias")
                && !tensor.endsWith("attn.masked_bias");
    }
}
