package dev.visibility.hub;

import dev.visibility.io.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.UUID;

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
        String memoName = UUID.nameUUIDFromBytes(real.toString().getBytes(StandardCharsets.UTF_8)) + ".txt";
        Path memo = memoFolder.resolve(memoName);
        if (Files.isRegularFile(memo)) {
            List<String> lines = Files.readAllLines(memo, StandardCharsets.UTF_8);
            if (lines.size() == key.size() + 1 && lines.subList(0, key.size()).equals(key)) {
                return lines.get(key.size());
            }
        }
        String hash = FileDigest.sha256(real);
        try {
            AtomicFiles.write(memo, (String.join("\n", key) + "\n" + hash + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException notWritable) {
            // The memo only saves time; a read-only home must not fail the build.
        }
        return hash;
    }
}
