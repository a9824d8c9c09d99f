package dev.visibility.hub;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything that resolving a model or a dataset on the hub shares: the settings from the environment, the HTTP
 * client, the downloader and where progress is reported.
 */
record HubConnection(HubSettings settings, HubClient client, BlobDownloader downloader, ProgressSink progress) {
    /** A connection for the given environment variables that reports to {@code progress}. */
    static HubConnection open(Map<String, String> env, ProgressSink progress) {
        HubSettings settings = HubSettings.from(env);
        HubClient client = new HubClient(settings);
        return new HubConnection(settings, client, new BlobDownloader(client, progress, System::nanoTime),
                progress);
    }

    /**
     * What huggingface_hub does when the hub cannot be reached: use the cached copy, with a note, or fail.
     *
     * @param identity how the cached copy is named in the note
     */
    <T> T cachedWhenUnreachable(HubRepoId id, Optional<T> cached, Function<T, String> identity,
                                IOException unreachable) throws ModelNotAvailableException {
        if (cached.isEmpty()) {
            throw unreachable(id, unreachable);
        }
        progress.line("Cannot reach " + client.endpoint() + " (" + Failures.describe(unreachable)
                + "); using the cached " + identity.apply(cached.get()));
        return cached.get();
    }

    /**
     * What the hub says about a file that a download needs, once the model or dataset is located: with nothing
     * cached to fall back on, a hub that cannot be reached fails the download.
     */
    FileMetadata head(HubRepoId atCommit, String file) throws ModelNotAvailableException {
        try {
            return client.head(atCommit, file);
        } catch (IOException unreachable) {
            throw unreachable(atCommit, unreachable);
        }
    }

    /** The same for a file that may be missing, such as one of the ways weights are stored: empty then. */
    Optional<FileMetadata> headIfExists(HubRepoId atCommit, String file) throws ModelNotAvailableException {
        try {
            return client.headIfExists(atCommit, file);
        } catch (IOException unreachable) {
            throw unreachable(atCommit, unreachable);
        }
    }

    /** The failure of a download that needs the hub, which cannot be reached. */
    ModelNotAvailableException unreachable(HubRepoId id, IOException cause) {
        return Failures.unreachable(id, client.endpoint(), settings.cacheRoot(), cause);
    }
}
