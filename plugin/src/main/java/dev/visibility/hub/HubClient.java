package dev.visibility.hub;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The requests that downloading needs, made the way {@code huggingface_hub} makes them: a HEAD on the file's
 * {@code resolve} URL for its metadata, then a GET of its content; for datasets, first the file listing.
 */
final class HubClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_REDIRECTS = 10;
    /** Far above the listing of a dataset with tens of thousands of files, so that an endless answer ends. */
    private static final int MAX_LISTING_BYTES = 64 << 20;
    /** The header in which the hub says why it refused, such as {@code GatedRepo} or {@code EntryNotFound}. */
    private static final String ERROR_CODE = "X-Error-Code";
    private static final String ENTRY_NOT_FOUND = "EntryNotFound";

    /** Made on the first request: building one loads the TLS trust store, a second that a cache hit never needs. */
    private HttpClient http;
    private final URI endpoint;
    private final Optional<String> token;
    private final Duration downloadTimeout;

    HubClient(HubSettings settings) {
        this.endpoint = settings.endpoint();
        this.token = settings.token();
        this.downloadTimeout = settings.downloadTimeout();
    }

    /** How long a download body may go without a byte before it counts as broken. */
    Duration downloadTimeout() {
        return downloadTimeout;
    }

    URI endpoint() {
        return endpoint;
    }

    /**
     * {@code <endpoint>/[datasets/]<repo>/resolve/<revision>/<file>}; the revision may contain slashes, so it is
     * encoded, and so is each folder of the file's path, since dataset files may have any name.
     */
    URI resolveUrl(HubRepoId id, String file) {
        String path = Arrays.stream(file.split("/", -1)).map(HubClient::encode).collect(Collectors.joining("/"));
        return URI.create(endpoint + "/" + id.kind().urlPrefix() + id.repo() + "/resolve/" + encode(id.revision())
                + "/" + path);
    }

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Reads the metadata of {@code file}. Relative redirects (a renamed repository) are followed; a redirect to
     * another host (the storage of large files) is where the content is, so it ends the walk.
     *
     * @throws ModelNotAvailableException for answers that no retry will change (401, 403, 404)
     * @throws IOException                when the hub cannot be reached or answers with another error
     */
    FileMetadata head(HubRepoId id, String file) throws IOException, ModelNotAvailableException {
        return headIfExists(id, file)
                .orElseThrow(() -> Failures.notFound(id, file, Optional.of(ENTRY_NOT_FOUND), endpoint));
    }

    /**
     * Like {@link #head}, but empty when the repository has no such file at that revision: the hub answers 404
     * with the error code {@code EntryNotFound}, which tells a missing file from a missing repository or revision.
     * This is how the optional files are probed, such as the index of sharded weights.
     */
    Optional<FileMetadata> headIfExists(HubRepoId id, String file) throws IOException, ModelNotAvailableException {
        HttpResponse<InputStream> response = sendToHub(resolveUrl(id, file), "HEAD");
        response.body().close();
        Optional<String> location = response.headers().firstValue("Location");
        if (isRedirect(response.statusCode()) && location.isPresent()) {
            return Optional.of(metadata(response, id, file, redirectTarget(response.uri(), location.get()), false));
        }
        if (response.statusCode() / 100 == 2) {
            return Optional.of(metadata(response, id, file, response.uri(), true));
        }
        if (response.statusCode() == 404
                && response.headers().firstValue(ERROR_CODE).filter(ENTRY_NOT_FOUND::equals).isPresent()) {
            return Optional.empty();
        }
        throw failure(response, id, file);
    }

    /**
     * Reads the file listing of a dataset at a revision, as {@code dataset_info} does:
     * {@code <endpoint>/api/datasets/<repo>/revision/<revision>}.
     *
     * @throws ModelNotAvailableException for answers that no retry will change, and for a listing that no hub
     *                                    would send
     * @throws IOException                when the hub cannot be reached or answers with another error
     */
    DatasetListing datasetListing(HubRepoId id) throws IOException, ModelNotAvailableException {
        URI url = URI.create(endpoint + "/api/datasets/" + id.repo() + "/revision/" + encode(id.revision()));
        HttpResponse<InputStream> response = sendToHub(url, "GET");
        try (InputStream body = new StallGuard(response.body(), downloadTimeout)) {
            if (response.statusCode() / 100 != 2) {
                throw failure(response, id, "its file listing");
            }
            byte[] json = body.readNBytes(MAX_LISTING_BYTES + 1);
            if (json.length > MAX_LISTING_BYTES) {
                throw Failures.listingTooLarge(id, response.uri(), MAX_LISTING_BYTES);
            }
            return DatasetListing.parse(response.uri(), new String(json, StandardCharsets.UTF_8));
        }
    }

    /**
     * Sends a request that may carry the token, following relative redirects (a renamed repository) and
     * returning the first answer that is not one: an absolute redirect leaves the hub, so the caller decides.
     */
    private HttpResponse<InputStream> sendToHub(URI url, String method) throws IOException, ModelNotAvailableException {
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpResponse<InputStream> response = send(request(url, true)
                    .method(method, HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.ofInputStream());
            Optional<String> location = response.headers().firstValue("Location");
            if (!isRedirect(response.statusCode()) || location.isEmpty()) {
                return response;
            }
            URI target = redirectTarget(url, location.get());
            if (URI.create(location.get()).isAbsolute()) {
                return response;
            }
            response.body().close();
            url = target;
        }
        throw new IOException("more than " + MAX_REDIRECTS + " redirects for " + url);
    }

    /**
     * Starts downloading the content that {@code metadata} points at from byte {@code offset}, following
     * redirects. The token goes only to the hub itself, as in huggingface_hub: storage hosts get signed URLs and
     * must not see it.
     */
    HttpResponse<InputStream> get(FileMetadata metadata, long offset, HubRepoId id, String file)
            throws IOException, ModelNotAvailableException {
        URI url = metadata.location();
        boolean withToken = metadata.onHub();
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++, withToken = false) {
            // As in huggingface_hub, HF_HUB_DOWNLOAD_TIMEOUT covers the wait for a download's headers too.
            HttpRequest.Builder request = request(url, withToken).timeout(downloadTimeout).GET();
            if (offset > 0) {
                request.header("Range", "bytes=" + offset + "-");
            }
            HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream());
            Optional<String> location = response.headers().firstValue("Location");
            if (response.statusCode() / 100 == 2) {
                return response;
            }
            response.body().close();
            if (isRedirect(response.statusCode()) && location.isPresent()) {
                url = redirectTarget(url, location.get());
                continue;
            }
            throw failure(response, id, file);
        }
        throw new IOException("more than " + MAX_REDIRECTS + " redirects for " + url);
    }

    /** Where a redirect leads: an http or https URL, since anything else is no place to download from. */
    private static URI redirectTarget(URI from, String location) throws ModelNotAvailableException {
        try {
            URI target = from.resolve(location);
            if (target.getHost() != null && ("https".equals(target.getScheme()) || "http".equals(target.getScheme()))) {
                return target;
            }
        } catch (IllegalArgumentException notAUri) {
            // refused below, like any other unusable target
        }
        throw Failures.implausibleAnswer(from, "Location", location, "an http or https URL");
    }

    private HttpRequest.Builder request(URI url, boolean withToken) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(TIMEOUT)
                .header("User-Agent", "visibility (Java " + Runtime.version().feature() + ")")
                // Without it any encoding is acceptable, and a compressed body would match neither size nor hash.
                .header("Accept-Encoding", "identity");
        if (withToken) {
            token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        }
        return request;
    }

    private synchronized HttpClient http() {
        if (http == null) {
            // Redirects are followed by hand: the metadata headers come on the first, redirecting response, and
            // the token must not travel to another host.
            http = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(TIMEOUT)
                    .build();
        }
        return http;
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body)
            throws IOException {
        try {
            return http().send(request.build(), body);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", interrupted);
        }
    }

    /**
     * The metadata headers, each checked before it is used: the commit and the etag become folder and file names
     * in the cache, and the size decides how much is downloaded, so a value that no hub sends is refused and
     * nothing is requested with it.
     */
    private static FileMetadata metadata(HttpResponse<?> response, HubRepoId id, String file, URI location,
                                         boolean onHub) throws IOException, ModelNotAvailableException {
        Optional<String> commit = response.headers().firstValue("X-Repo-Commit");
        Optional<String> etag = response.headers().firstValue("X-Linked-Etag")
                .or(() -> response.headers().firstValue("ETag"))
                .map(HubClient::normalizeEtag);
        if (commit.isEmpty() || etag.isEmpty()) {
            throw new IOException(response.uri() + " did not answer like a Hugging Face hub (no X-Repo-Commit or"
                    + " ETag header for " + id.repo() + "/" + file + ")");
        }
        if (!HubRepoId.isCommit(commit.get())) {
            throw Failures.implausibleAnswer(response.uri(), "X-Repo-Commit", commit.get(), "a commit (40 hex digits)");
        }
        if (!EtagCheck.isDigest(etag.get())) {
            throw Failures.implausibleAnswer(response.uri(), "ETag", etag.get(),
                    "a git blob sha1 or a sha256 (40 or 64 hex digits)");
        }
        Optional<String> sizeHeader = response.headers().firstValue("X-Linked-Size")
                .or(() -> response.headers().firstValue("Content-Length"));
        if (sizeHeader.isPresent() && !sizeHeader.get().matches("\\d{1,18}")) {
            throw Failures.implausibleAnswer(response.uri(), "size", sizeHeader.get(), "a number of bytes");
        }
        long size = sizeHeader.map(Long::parseLong).orElse(-1L);
        return new FileMetadata(commit.get(), etag.get(), size, location, onHub);
    }

    /** ETags come quoted and sometimes marked weak ({@code W/"..."}); the cache names blobs by the bare value. */
    private static String normalizeEtag(String etag) {
        return etag.replaceFirst("^W/", "").replace("\"", "");
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /**
     * The exception for an error answer: definitive ones (401, 403, 404) are returned for the caller to throw;
     * others may be temporary, so they are thrown as IOException, which lets the caller fall back to the cache.
     */
    private ModelNotAvailableException failure(HttpResponse<?> response, HubRepoId id, String file)
            throws IOException {
        int status = response.statusCode();
        Optional<String> errorCode = response.headers().firstValue(ERROR_CODE);
        if (status == 401 || status == 403) {
            return Failures.accessDenied(id, status, errorCode, endpoint, token.isPresent());
        }
        if (status == 404) {
            return Failures.notFound(id, file, errorCode, endpoint);
        }
        throw new IOException("HTTP " + status + " from " + response.uri());
    }
}
