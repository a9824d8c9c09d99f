package dev.visibility.hub;

import java.util.Map;

/**
 * Turns a hub dataset and one of its splits into data files on disk, the way the Hugging Face tools do.
 *
 * <p>A dataset is {@code org/name} or {@code org/name@revision} (a branch, tag or commit). Its files come from the
 * standard Hugging Face cache ({@code datasets--org--name}), which Python tools share, and only the split's
 * {@code .parquet}, {@code .jsonl} and {@code .json} files are downloaded into it when missing.
 * {@code HF_HOME}, {@code HF_HUB_CACHE}, {@code HF_ENDPOINT}, {@code HF_TOKEN}, {@code HF_HUB_OFFLINE} and
 * {@code HF_HUB_DOWNLOAD_TIMEOUT} mean what they mean to huggingface_hub, as for {@link ModelLocator}.
 */
public final class DatasetLocator {
    private final DatasetResolver hub;

    /** A locator for the given environment variables that reports downloads to {@code progress}. */
    public DatasetLocator(Map<String, String> environment, ProgressSink progress) {
        this.hub = new DatasetResolver(HubConnection.open(environment, progress));
    }

    /**
     * Finds the data files of {@code split} of {@code dataset}, downloading those that the cache lacks.
     *
     * @param dataset {@code org/name} or {@code org/name@revision}
     * @param split   such as {@code train}: the files whose name is it or starts with it ({@code train-00000-of-
     *                00001.parquet}), or that are in a folder of that name
     * @throws ModelNotAvailableException with a message that says what to do next
     */
    public LocatedDataset locate(String dataset, String split) throws ModelNotAvailableException {
        String name = dataset.trim();
        HubRepoId id = HubRepoId.parseDataset(name).orElseThrow(() -> Failures.notADataset(name));
        if (!SplitFiles.isSplitName(split)) {
            throw Failures.notASplit(id, split);
        }
        return hub.resolve(id, split);
    }
}
