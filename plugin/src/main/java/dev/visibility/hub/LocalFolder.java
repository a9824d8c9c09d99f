package dev.visibility.hub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A model that the user keeps in a folder of their own; its identity is the hash of its weights. */
final class LocalFolder {
    private final WeightsHashMemo hashes;

    LocalFolder(WeightsHashMemo hashes) {
        this.hashes = hashes;
    }

    LocatedModel locate(String name, Path folder) throws ModelNotAvailableException {
        for (String file : HubResolver.FILES) {
            if (!Files.isRegularFile(folder.resolve(file))) {
                throw Failures.incompleteFolder(folder, file);
            }
        }
        Path weights = folder.resolve(HubResolver.WEIGHTS);
        try {
            return new LocatedModel(name, folder, "sha256:" + hashes.sha256(weights));
        } catch (IOException unreadable) {
            throw Failures.unreadable(weights, unreadable);
        }
    }
}
