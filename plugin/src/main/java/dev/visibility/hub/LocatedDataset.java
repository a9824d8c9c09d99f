package dev.visibility.hub;

import java.nio.file.Path;
import java.util.List;

/**
 * The data files of one split of a hub dataset, on local disk in the Hugging Face cache.
 *
 * @param name     the dataset as the user named it: {@code org/name} or {@code org/name@revision}
 * @param identity {@code <repo>@<40-hex commit>}: it changes exactly when the files may have changed
 * @param files    the split's {@code .parquet}, {@code .jsonl} and {@code .json} files, in sorted path order,
 *                 which is the order their texts are read in
 */
public record LocatedDataset(String name, String identity, List<Path> files) {
    public LocatedDataset {
        files = List.copyOf(files);
    }
}
