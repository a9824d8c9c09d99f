package dev.visibility.hub;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.visibility.AsciiJson;
import dev.visibility.ByteMutations;
import dev.visibility.Folders;
import dev.visibility.FuzzRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.stream.Stream;

/**
 * Changes the loopback hub's dataset listing at random, for about 10 seconds with a fixed seed, and locates the
 * dataset's train split through it, into an empty cache each time. A listing that names a file outside a plain
 * relative path must be refused; one changed only in what the locator ignores must give the train shards with the
 * hub's bytes; anything else may go either way. Every refusal is one clear line, and nothing is ever written
 * outside the cache or linked to outside it.
 *
 * <p>{@code -Dvisibility.fuzz.seed=N} and {@code -Dvisibility.fuzz.seconds=S} replay or lengthen a run.
 */
class DatasetListingFuzzIT {
    /** Names that must never become a path in the cache. */
    private static final List<String> UNSAFE = List.of("", ".", "..", "../train.parquet", "data/../../x.parquet",
            "/etc/train.parquet", "C:train.parquet", "data//train.parquet", "data\\train.parquet",
            "train\u0000.parquet", "train\n.parquet", "x".repeat(256) + ".parquet", "data/./train.parquet");
    /** Names that a repository may have, however odd, and that this hub does not serve. */
    private static final List<String> ODD = List.of("données/日本.parquet", "a b.jsonl", "#.json", "%2e%2e/x.parquet",
            "q?x.parquet", "train-*.parquet", "notes/\u202Eevil.md", "data/\uD800.parquet", "data/train-\uDC00.parquet", "train.jsonl\u2028",
            "CON.parquet", "data/train-x:y.parquet", "\uFEFFtrain.parquet", "train.PARQUET");
    /** Values that are no commit or file name. */
    private static final List<String> NOT_STRINGS = List.of("null", "5", "1e999", "18446744073709551616", "true",
            "[]", "{}", "[" .repeat(300) + "]".repeat(300));

    @TempDir
    Path temp;

    private final FuzzRun run = FuzzRun.start("dataset listing", 19, 10);
    private final Random random = run.random();

    @Test
    void everyChangedListingLocatesTheRightFilesOrIsRefusedClearly() throws Exception {
        try (FakeHub hub = new FakeHub()) {
            for (int index = 0; run.more(); index++) {
                Path folder = Files.createDirectories(temp.resolve("case" + index));
                Change change = change();
                hub.rewriteListings(change::apply);
                HubTestSupport support = new HubTestSupport(folder, hub.endpoint());
                Object outcome = run.within(change.description(), () -> locate(support));
                judge(change, outcome);
                checkNothingOutside(change.description(), folder, support.cache);
                Folders.delete(folder);
            }
        }
        run.finish(50);
    }

    private static Object locate(HubTestSupport support) {
        try {
            return support.locateDataset(FakeDatasets.REPO, "train");
        } catch (Throwable error) {
            return error;
        }
    }

    /**
     * What is done to the listing, and what must come of it.
     *
     * @param expected {@code "read"}: the train shards; {@code "refused"}; or {@code "either"}
     */
    private record Change(String description, String expected, UnaryOperator<byte[]> rewrite) {
        byte[] apply(byte[] listing) {
            return rewrite.apply(listing);
        }
    }

    private void judge(Change change, Object outcome) {
        String description = change.description();
        if (outcome instanceof LocatedDataset located) {
            if (change.expected().equals("refused")) {
                run.wrong(description, "located " + located.files());
            } else if (!holdsTrainShards(located, change.expected().equals("read"))) {
                run.wrong(description, "located other files: " + located.files());
            } else {
                run.read();
            }
        } else if (!(outcome instanceof ModelNotAvailableException refusal)) {
            run.wrong(description, "threw " + outcome);
        } else if (!FuzzRun.isOneClearLine(refusal.getMessage())) {
            run.wrong(description, "refused with an unclear message: " + refusal.getMessage());
        } else if (change.expected().equals("read")) {
            run.wrong(description, "refused: " + refusal.getMessage());
        } else {
            run.refused();
        }
    }

    /**
     * Whether the located files are the train shards, in order, with the hub's bytes: both, or where the listing
     * was damaged, those of them that it still names.
     */
    private static boolean holdsTrainShards(LocatedDataset located, boolean both) {
        Map<String, byte[]> hub = FakeDatasets.main();
        List<String> shards = List.of(FakeDatasets.TRAIN_0, FakeDatasets.TRAIN_1);
        List<String> found = located.files().stream().map(Path::toString)
                .map(path -> shards.stream().filter(path::endsWith).findFirst().orElse(path)).toList();
        if (!shards.containsAll(found) || found.isEmpty() || both && found.size() != shards.size()
                || !found.stream().sorted().toList().equals(found)) {
            return false;
        }
        for (int i = 0; i < found.size(); i++) {
            try {
                if (!Arrays.equals(hub.get(found.get(i)), Files.readAllBytes(located.files().get(i)))) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    /** The case's folder holds only the cache and the home folder, and every link in the cache stays inside. */
    private void checkNothingOutside(String description, Path folder, Path cache) throws IOException {
        List<String> names = Folders.list(folder);
        if (!List.of("home", "hub-cache").containsAll(names)) {
            run.alsoWrong(description, "wrote " + names + " beside the cache");
        }
        if (!Files.isDirectory(cache)) {
            return;
        }
        Path inside = cache.toRealPath();
        try (Stream<Path> paths = Files.walk(cache)) {
            for (Path path : paths.filter(Files::isSymbolicLink).toList()) {
                Path target = path.getParent().resolve(Files.readSymbolicLink(path)).normalize();
                if (!target.startsWith(cache) && !target.startsWith(inside)) {
                    run.alsoWrong(description, path + " links outside the cache, to " + target);
                }
            }
        }
    }

    private Change change() {
        switch (random.nextInt(5)) {
            case 0 -> {
                String name = run.pick(UNSAFE);
                return new Change("listed also " + quoted(name), "refused", edit(info -> sibling(info, name), false));
            }
            case 1 -> {
                String name = run.pick(ODD);
                boolean ascii = random.nextBoolean();
                return new Change("listed also " + quoted(name) + (ascii ? " in ASCII JSON" : ""), "either",
                        edit(info -> sibling(info, name), ascii));
            }
            case 2 -> {
                String field = run.pick(List.of("sha", "siblings", "rfilename"));
                String value = run.pick(NOT_STRINGS);
                return new Change(field + " = " + value, "refused", text -> replaceValue(text, field, value));
            }
            case 3 -> {
                String form = run.pick(List.of("bom", "crlf", "extra", "unknown"));
                return new Change("listing with " + form, form.equals("bom") ? "either" : "read",
                        text -> harmless(text, form));
            }
            default -> {
                long seed = random.nextLong();
                return new Change("listing damaged with mutation seed " + seed, "either",
                        bytes -> ByteMutations.any(bytes, new Random(seed)).bytes());
            }
        }
    }

    /** The listing with one more sibling named {@code name}, written as the hub writes its JSON. */
    private static void sibling(JsonObject info, String name) {
        JsonObject sibling = new JsonObject();
        sibling.addProperty("rfilename", name);
        info.getAsJsonArray("siblings").add(sibling);
    }

    /** The listing as {@code change} edits it, written raw or in ASCII JSON (which keeps a lone surrogate). */
    private static UnaryOperator<byte[]> edit(Consumer<JsonObject> change, boolean ascii) {
        return bytes -> {
            JsonObject info = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8)).getAsJsonObject();
            change.accept(info);
            return (ascii ? AsciiJson.of(info.toString()) : info.toString()).getBytes(StandardCharsets.UTF_8);
        };
    }

    /** The listing with the first value of {@code field} replaced by raw JSON text. */
    private static byte[] replaceValue(byte[] bytes, String field, String value) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        String changed = text.replaceFirst("\"" + field + "\":(\"[^\"]*\"|\\[.*\\])", "\"" + field + "\":"
                + Matcher.quoteReplacement(value));
        if (changed.equals(text)) {
            throw new UncheckedIOException(new IOException("no field " + field + " in " + text));
        }
        return changed.getBytes(StandardCharsets.UTF_8);
    }

    /** What a JSON reader must take as the same listing: line ends, fields it does not know, or a leading BOM. */
    private static byte[] harmless(byte[] bytes, String form) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        String changed = switch (form) {
            case "bom" -> "\uFEFF" + text;
            case "crlf" -> text.replace(",", ",\r\n  ").replace("{", "{\r\n");
            case "extra" -> text.replace("{\"rfilename\"", "{\"size\":18446744073709551616,\"lfs\":{\"a\":[[[]]]},"
                    + "\"rfilename\"");
            default -> text.replaceFirst("\\{", "{\"cardData\":{\"x\":\"\\\\u00e9\\\\ud83d\\\\ude00\"},");
        };
        return changed.getBytes(StandardCharsets.UTF_8);
    }

    /** The name as a readable JSON string, escaped to ASCII so that a lone surrogate prints. */
    private static String quoted(String name) {
        return AsciiJson.of(new Gson().toJson(name));
    }
}
