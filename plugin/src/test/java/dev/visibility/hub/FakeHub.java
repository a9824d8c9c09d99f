package dev.visibility.hub;

import dev.visibility.model.ShardedCheckpoint;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A small Hugging Face hub on loopback: the {@code /<repo>/resolve/<revision>/<file>} layout with the hub's
 * headers, large files redirected to a storage path ({@code /cdn/<sha256>}) with Range support, and switches
 * for the failures that the tests provoke.
 *
 * <p>Repositories: {@code tiny/gpt2} ({@code main} at {@link #MAIN}, {@code v1} at {@link #OLD}, whose
 * config.json differs), {@code openai-community/gpt2}, {@link #GATED} (the tiny Llama, gated as the hub gates
 * Llama: 401 without a token, 403 with {@link #TOKEN_WITHOUT_ACCESS}, served with {@link #TOKEN}),
 * {@code renamed/gpt2} (a relative redirect to {@code tiny/gpt2}), {@code tiny/no-weights} and
 * {@code tiny/bad-config} (whose config.json is not JSON); the tiny Llama with its weights in two shards
 * ({@code tiny/sharded-llama}), in one file and in shards ({@code tiny/both-llama}), with a shard missing
 * ({@code tiny/missing-shard}) or an index that names a path outside its folder ({@code tiny/hostile-index});
 * {@code tiny/pickle-only}, whose weights are only {@code pytorch_model.bin}; and the dataset
 * {@link FakeDatasets#REPO}, with its file listing at {@code /api/datasets/<repo>/revision/<revision>} and its
 * files at {@code /datasets/<repo>/resolve/<revision>/<file>}. Any other token than these two is refused with 401,
 * and a missing file is 404 with the error code {@code EntryNotFound}, as on the hub.
 */
public final class FakeHub implements AutoCloseable {
    static final String MAIN = "1111111111111111111111111111111111111111";
    static final String OLD = "2222222222222222222222222222222222222222";
    static final String TOKEN = "hf_test_token";
    /** A valid token whose account has not accepted the licence of {@link #GATED}. */
    static final String TOKEN_WITHOUT_ACCESS = "hf_test_token_without_access";
    static final String GATED = "meta-llama/Llama-3.2-1B";
    static final String WEIGHTS = "model.safetensors";
    /** The weights in PyTorch's pickle format; this hub's copy is not even a pickle, and must never be fetched. */
    static final String PICKLE = "pytorch_model.bin";
    /** A shard name that climbs out of the snapshot, named by the index of {@code tiny/hostile-index}. */
    static final String ESCAPING_SHARD = "../../escaped.safetensors";

    /** Where the hub redirects large files to, as a CDN would hold them: {@code /cdn/<sha256>}. */
    private static final String STORAGE = "/cdn/";

    /** One request as the server saw it. */
    public record Request(String method, String path, String authorization, String range) {
        /** Whether this request fetched a large file's bytes from storage rather than asking the hub. */
        public boolean toStorage() {
            return path.startsWith(STORAGE);
        }
    }

    private record Repo(Map<String, String> branches, Map<String, Map<String, byte[]>> commits, boolean gated) {
        /** A public repository with one branch, {@code main} at {@link #MAIN}. */
        static Repo atMain(Map<String, byte[]> files) {
            return new Repo(Map.of("main", MAIN), Map.of(MAIN, files), false);
        }
    }

    private record Snapshot(String commit, Map<String, byte[]> files) {
    }

    private static final Pattern RESOLVE = Pattern.compile("/((?:datasets/)?[^/]+/[^/]+)/resolve/([^/]+)/(.+)");
    private static final Pattern LISTING = Pattern.compile("/api/datasets/([^/]+/[^/]+)/revision/([^/]+)");
    private static final Pattern CDN = Pattern.compile(STORAGE + "([0-9a-f]{64})");

    private final HttpServer server;
    private final Map<String, Repo> repos = new HashMap<>();
    private final Map<String, byte[]> blobsBySha256 = new HashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger cutsLeft = new AtomicInteger();
    private final AtomicBoolean corrupt = new AtomicBoolean();
    private final AtomicInteger stallsLeft = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Map<String, String> headerOverrides = new ConcurrentHashMap<>();
    private final List<String> extraListedFiles = new CopyOnWriteArrayList<>();
    private volatile UnaryOperator<byte[]> listingRewrite = UnaryOperator.identity();

    public FakeHub() throws IOException {
        Map<String, byte[]> model = modelFiles("tiny-gpt2");
        Map<String, byte[]> oldModel = new HashMap<>(model);
        oldModel.put("config.json", (new String(model.get("config.json"), StandardCharsets.UTF_8).trim() + "\n\n")
                .getBytes(StandardCharsets.UTF_8));
        repos.put("tiny/gpt2", new Repo(Map.of("main", MAIN, "v1", OLD), Map.of(MAIN, model, OLD, oldModel), false));
        repos.put("openai-community/gpt2", Repo.atMain(model));
        addLlamas();
        Map<String, byte[]> noWeights = new HashMap<>(model);
        noWeights.remove(WEIGHTS);
        repos.put("tiny/no-weights", Repo.atMain(noWeights));
        Map<String, byte[]> pickleOnly = new HashMap<>(noWeights);
        pickleOnly.put(PICKLE, "not a pickle: a client that fetches this has failed".getBytes(StandardCharsets.UTF_8));
        repos.put("tiny/pickle-only", Repo.atMain(pickleOnly));
        Map<String, byte[]> badConfig = new HashMap<>(model);
        badConfig.put("config.json", "{n_layer: 4, // not JSON".getBytes(StandardCharsets.UTF_8));
        repos.put("tiny/bad-config", Repo.atMain(badConfig));
        repos.put("datasets/" + FakeDatasets.REPO, new Repo(Map.of("main", MAIN, "v1", OLD),
                Map.of(MAIN, FakeDatasets.main(), OLD, FakeDatasets.old()), false));
        repos.values().forEach(repo -> repo.commits().values().forEach(files -> files.forEach((file, content) -> {
            if (isLarge(file, content)) {
                blobsBySha256.put(sha256(content), content);
            }
        })));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        // A thread per exchange: a stalled body must not hold up the requests that follow it.
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    /** The tiny Llama gated, and with its weights sharded in every way the tests need. */
    private void addLlamas() {
        Map<String, byte[]> llama = modelFiles("tiny-llama");
        repos.put(GATED, new Repo(Map.of("main", MAIN), Map.of(MAIN, llama), true));
        Map<String, byte[]> both = new HashMap<>(llama);
        both.putAll(ShardedCheckpoint.split(llama.get(WEIGHTS)));
        repos.put("tiny/both-llama", Repo.atMain(both));
        Map<String, byte[]> sharded = new HashMap<>(both);
        sharded.remove(WEIGHTS);
        repos.put("tiny/sharded-llama", Repo.atMain(sharded));
        Map<String, byte[]> missingShard = new HashMap<>(sharded);
        missingShard.remove(ShardedCheckpoint.SECOND);
        repos.put("tiny/missing-shard", Repo.atMain(missingShard));
        Map<String, byte[]> hostileIndex = new HashMap<>(sharded);
        hostileIndex.put(WeightFiles.INDEX, ShardedCheckpoint.index(Map.of("model.norm.weight", ESCAPING_SHARD)));
        repos.put("tiny/hostile-index", Repo.atMain(hostileIndex));
    }

    /** The configuration, tokenizer and {@code model.safetensors} of a fixture model in the test resources. */
    static Map<String, byte[]> modelFiles(String model) {
        return Map.of(
                "config.json", fixture(model, "config.json"),
                "tokenizer.json", fixture(model, "tokenizer.json"),
                WEIGHTS, fixture(model, WEIGHTS));
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Every request so far, oldest first; tests may clear it. */
    public List<Request> requests() {
        return requests;
    }

    /** The requests so far for a large file's bytes in storage, oldest first. */
    public List<Request> storageRequests() {
        return requests.stream().filter(Request::toStorage).toList();
    }

    /** The next {@code count} downloads of large files stop halfway through the body. */
    void cutNextDownloads(int count) {
        cutsLeft.set(count);
    }

    /** From now on, large files arrive with one byte changed. */
    void corruptDownloads() {
        corrupt.set(true);
    }

    /** The next {@code count} downloads of large files send half of the body, then nothing until closed. */
    void stallNextDownloads(int count) {
        stallsLeft.set(count);
    }

    /** From now on, every metadata answer carries {@code header} with {@code value}, as a hostile hub might. */
    void answerWith(String header, String value) {
        headerOverrides.put(header, value);
    }

    /** From now on, every dataset listing is sent as {@code rewrite} changes it, as a hostile hub or proxy might. */
    void rewriteListings(UnaryOperator<byte[]> rewrite) {
        listingRewrite = rewrite;
    }

    /** From now on, dataset listings also name {@code file}, which the repository does not have. */
    void listAlso(String file) {
        extraListedFiles.add(file);
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Headers in = exchange.getRequestHeaders();
            String path = exchange.getRequestURI().getRawPath();
            requests.add(new Request(exchange.getRequestMethod(), path, in.getFirst("Authorization"),
                    in.getFirst("Range")));
            Matcher cdn = CDN.matcher(path);
            Matcher resolve = RESOLVE.matcher(path);
            Matcher listing = LISTING.matcher(path);
            if (cdn.matches() && blobsBySha256.containsKey(cdn.group(1))) {
                serveLargeFile(exchange, blobsBySha256.get(cdn.group(1)));
            } else if (resolve.matches()) {
                resolve(exchange, resolve.group(1), URLDecoder.decode(resolve.group(2), StandardCharsets.UTF_8),
                        URLDecoder.decode(resolve.group(3), StandardCharsets.UTF_8));
            } else if (listing.matches()) {
                list(exchange, listing.group(1), URLDecoder.decode(listing.group(2), StandardCharsets.UTF_8));
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    private void resolve(HttpExchange exchange, String repoId, String revision, String file) throws IOException {
        Headers out = exchange.getResponseHeaders();
        if (repoId.equals("renamed/gpt2")) {
            out.set("Location", exchange.getRequestURI().getRawPath().replace("/renamed/", "/tiny/"));
            exchange.sendResponseHeaders(307, -1);
            return;
        }
        Optional<Snapshot> snapshot = snapshot(exchange, repoId, revision);
        if (snapshot.isEmpty()) {
            return;
        }
        byte[] content = snapshot.get().files().get(file);
        if (content == null) {
            error(exchange, 404, "EntryNotFound");
            return;
        }
        out.set("X-Repo-Commit", snapshot.get().commit());
        if (isLarge(file, content)) {
            // Like the hub: large files redirect to storage, and the redirect itself carries their sha256.
            String sha256 = sha256(content);
            out.set("X-Linked-Etag", "\"" + sha256 + "\"");
            out.set("X-Linked-Size", Long.toString(content.length));
            out.set("ETag", "W/\"redirect-etag\"");
            out.set("Location", endpoint() + STORAGE + sha256);
            headerOverrides.forEach(out::set);
            exchange.sendResponseHeaders(302, -1);
            return;
        }
        byte[] header = ("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII);
        out.set("ETag", "\"" + hex("SHA-1", header, content) + "\"");
        headerOverrides.forEach(out::set);
        send(exchange, content, 0, false);
    }

    /**
     * The files of {@code repoId} at {@code revision}; when there are none for this request, the error has been
     * answered, as the hub answers it.
     */
    private Optional<Snapshot> snapshot(HttpExchange exchange, String repoId, String revision) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null && !authorization.equals("Bearer " + TOKEN)
                && !authorization.equals("Bearer " + TOKEN_WITHOUT_ACCESS)) {
            // The hub refuses an unknown token whatever is asked, with a message and no error code.
            exchange.getResponseHeaders().set("X-Error-Message", "Invalid credentials in Authorization header");
            exchange.sendResponseHeaders(401, -1);
            return Optional.empty();
        }
        Repo repo = repos.get(repoId);
        if (repo == null) {
            error(exchange, 404, "RepoNotFound");
            return Optional.empty();
        }
        if (repo.gated() && !Objects.equals(authorization, "Bearer " + TOKEN)) {
            // As the hub gates Llama: 401 for an anonymous request, 403 for an account without access.
            error(exchange, authorization == null ? 401 : 403, "GatedRepo");
            return Optional.empty();
        }
        String commit = repo.branches().getOrDefault(revision, revision);
        Map<String, byte[]> files = repo.commits().get(commit);
        if (files == null) {
            error(exchange, 404, "RevisionNotFound");
            return Optional.empty();
        }
        return Optional.of(new Snapshot(commit, files));
    }

    /**
     * Large files go to storage, as Git LFS files do on the hub: the weights and their shards (not their index),
     * pickles, and sizeable Parquet files.
     */
    private static boolean isLarge(String file, byte[] content) {
        return file.endsWith(".safetensors") || file.equals(PICKLE)
                || file.endsWith(".parquet") && content.length >= 100_000;
    }

    /** The dataset API's answer: the commit and the names of its files, in the hub's JSON shape. */
    private void list(HttpExchange exchange, String repoId, String revision) throws IOException {
        Optional<Snapshot> snapshot = snapshot(exchange, "datasets/" + repoId, revision);
        if (snapshot.isEmpty()) {
            return;
        }
        JsonArray siblings = new JsonArray();
        Stream.concat(snapshot.get().files().keySet().stream().sorted(), extraListedFiles.stream()).forEach(file -> {
            JsonObject sibling = new JsonObject();
            sibling.addProperty("rfilename", file);
            siblings.add(sibling);
        });
        JsonObject info = new JsonObject();
        info.addProperty("id", repoId);
        info.addProperty("sha", snapshot.get().commit());
        info.addProperty("private", false);
        info.add("siblings", siblings);
        byte[] body = listingRewrite.apply(info.toString().getBytes(StandardCharsets.UTF_8));
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    private void serveLargeFile(HttpExchange exchange, byte[] content) throws IOException {
        byte[] body = content;
        if (corrupt.get()) {
            body = content.clone();
            body[body.length / 2] ^= 1;
        }
        String range = exchange.getRequestHeaders().getFirst("Range");
        long from = range == null ? 0 : Long.parseLong(range.replaceAll("bytes=(\\d+)-", "$1"));
        if (stallsLeft.getAndDecrement() > 0) {
            stall(exchange, body, (int) from);
            return;
        }
        send(exchange, body, (int) from, cutsLeft.getAndDecrement() > 0);
    }

    /** Announces the rest of the file, sends half of it, then keeps the connection open and silent. */
    private void stall(HttpExchange exchange, byte[] content, int from) throws IOException {
        exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (content.length - 1) + "/"
                + content.length);
        exchange.sendResponseHeaders(from > 0 ? 206 : 200, content.length - from);
        exchange.getResponseBody().write(content, from, (content.length - from) / 2);
        exchange.getResponseBody().flush();
        try {
            closed.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IOException("stalled on purpose");
    }

    /** Sends {@code content} from {@code from} on (206 when that is not the start), or only half of it. */
    private static void send(HttpExchange exchange, byte[] content, int from, boolean cut) throws IOException {
        Headers out = exchange.getResponseHeaders();
        out.set("Accept-Ranges", "bytes");
        int length = content.length - from;
        if (from > 0) {
            out.set("Content-Range", "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
        }
        if (exchange.getRequestMethod().equals("HEAD")) {
            out.putIfAbsent("Content-Length", List.of(Integer.toString(length)));
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        exchange.sendResponseHeaders(from > 0 ? 206 : 200, length);
        OutputStream body = exchange.getResponseBody();
        body.write(content, from, cut ? length / 2 : length);
        body.flush();
        if (cut) {
            // Closing with fewer bytes than announced drops the connection mid-body, as a failing network does.
            throw new IOException("cut on purpose");
        }
    }

    private static void error(HttpExchange exchange, int status, String code) throws IOException {
        exchange.getResponseHeaders().set("X-Error-Code", code);
        exchange.sendResponseHeaders(status, -1);
    }

    static String sha256(byte[] content) {
        return hex("SHA-256", content);
    }

    private static String hex(String algorithm, byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            for (byte[] part : parts) {
                digest.update(part);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A file of the tiny GPT-2 in the test resources. */
    static byte[] fixture(String file) {
        return fixture("tiny-gpt2", file);
    }

    /** A file of a fixture model in the test resources, such as {@code tiny-llama}. */
    static byte[] fixture(String model, String file) {
        try (InputStream in = FakeHub.class.getResourceAsStream("/" + model + "/" + file)) {
            return Objects.requireNonNull(in, "test resource " + model + "/" + file).readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
