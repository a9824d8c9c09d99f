package dev.visibility.page.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A static file server on the loopback interface, like any static host: it serves a folder under a URL prefix,
 * {@code index.html} for folders, and nothing else. It remembers the paths it could not serve.
 *
 * <p>As static hosts do, it gives each file an entity tag (here the SHA-256 of its bytes) and no lifetime: the
 * browser asks for every file again, and a file whose bytes did not change is answered with 304, so that Chromium
 * reuses its copy and the code it compiled from it (Plotly is 4.8 MB of script, loaded by nearly every page).
 */
final class StaticServer implements AutoCloseable {
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "json", "application/json", "svg", "image/svg+xml",
            "png", "image/png", "xml", "application/xml");
    private final HttpServer server;
    private final String prefix;
    private final List<String> missing = new CopyOnWriteArrayList<>();

    /** Serves {@code root} under {@code prefix}, which starts and ends with {@code /}. */
    StaticServer(Path root, String prefix) throws IOException {
        this.prefix = prefix;
        Path folder = root.toAbsolutePath().normalize();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(prefix, exchange -> serve(exchange, folder));
        server.start();
    }

    /** The absolute URL of {@code path}, a path relative to the served folder. */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + prefix + path;
    }

    /** The request paths that found no file. */
    List<String> missing() {
        return List.copyOf(missing);
    }

    /**
     * The request paths that found no file, besides {@code /favicon.ico}: browsers ask for a favicon on their own,
     * the page did not.
     */
    List<String> missingBesidesFavicon() {
        return missing().stream().filter(path -> !path.equals("/favicon.ico")).toList();
    }

    private void serve(HttpExchange exchange, Path root) throws IOException {
        try (exchange) {
            String path = URI.create(exchange.getRequestURI().getRawPath()).getPath().substring(prefix.length());
            Path file = root.resolve(path).normalize();
            if (Files.isDirectory(file)) {
                file = file.resolve("index.html");
            }
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                missing.add(exchange.getRequestURI().getPath());
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String name = file.getFileName().toString();
            String type = TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1), "application/octet-stream");
            byte[] bytes = Files.readAllBytes(file);
            String tag = "\"" + HexFormat.of().formatHex(sha256(bytes)) + "\"";
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.getResponseHeaders().set("ETag", tag);
            if (tag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(bytes);
            }
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
