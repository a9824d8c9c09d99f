package dev.visibility.hub;

import dev.visibility.io.MemoFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;

/**
 * The sha256 of a local weights file, remembered so that a 6 GB file is hashed once, not on every build.
 *
 * <p>The memo lives in this plugin's own cache folder, never in the user's model folder (which may be read-only
 * or under version control) nor in the Hugging Face cache (whose tools expect only their own layout there). A
 * memo holds the file's real path, size and modification time; if any of them differs, the file is hashed
 * again.
 */
final class WeightsHashMemo {
    private final Path memoFolder;

    WeightsHashMemo(Path memoFolder) {
        this.memoFolder = memoFolder;
    }

    String sha256(Path file) throws IOException {
        Path real = file.toRealPath();
        BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
        List<String> key = List.of(real.toString(), Long.toString(attributes.size()),
                attributes.lastModifiedTime().toString());
        // Named by the path alone, so that a changed file's memo replaces the old one.
        MemoFile memo = new MemoFile(memoFolder, real.toString(), key);
        Optional<List<String>> remembered = memo.values(1);
        if (remembered.isPresent()) {
            return remembered.get().get(0);
        }
        String hash = FileDigest.sha256(real);
        memo.remember(List.of(hash));
        return hash;
    }
}
