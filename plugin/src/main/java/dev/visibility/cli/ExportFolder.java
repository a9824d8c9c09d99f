package dev.visibility.cli;

import dev.visibility.io.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The folder that {@code export --out DIR} fills, {@code DIR/visibility/}, checked before anything is computed:
 * a file where one of its folders must go is named in words, and a file of the same name as one of export's is
 * replaced only if export wrote it, so that a site's own {@code visibility.js} never disappears without a word.
 */
final class ExportFolder {
    /** The subfolder of {@code --out} that holds every file export writes. */
    static final String NAME = "visibility";
    /** The subfolder of {@link #NAME} that holds the data files, named by their content hash. */
    static final String DATA = "data";
    /**
     * The page script and stylesheet of every version start with a comment that names the project before this
     * word ends: a file that starts the same way is an earlier export's, and may be replaced.
     */
    private static final byte[] SIGNATURE = "Visibility".getBytes(StandardCharsets.UTF_8);
    private static final int SIGNATURE_WITHIN = 80;
    /** Larger files are not read to be compared: none of export's own is near this size. */
    private static final long LARGEST_COMPARED = 64L << 20;

    private final Path folder;
    private final Map<String, byte[]> files;

    private ExportFolder(Path folder, Map<String, byte[]> files) {
        this.folder = folder;
        this.files = files;
    }

    /**
     * @param out   the {@code --out} value
     * @param files the page files to write into {@code DIR/visibility/}, by name
     * @throws UsageException for a file where a folder must go, or a file in the way that export did not write
     */
    static ExportFolder check(String out, Map<String, byte[]> files) throws UsageException, IOException {
        Path root = Path.of(out);
        Path folder = root.resolve(NAME);
        for (Path needed : List.of(root, folder, folder.resolve(DATA))) {
            if (Files.exists(needed) && !Files.isDirectory(needed)) {
                throw new UsageException("--out " + out + ": " + needed + " is a file, but export puts a folder"
                        + " there; move the file away or choose another --out");
            }
        }
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path target = folder.resolve(file.getKey());
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !written(target, file.getValue())) {
                throw new UsageException("--out " + out + ": " + target + " is not a file that export wrote, and"
                        + " export replaces only its own files; move it away or choose another --out");
            }
        }
        return new ExportFolder(folder, Map.copyOf(files));
    }

    /** The folder's path, {@code DIR/visibility/}. */
    Path path() {
        return folder;
    }

    /** Writes the page files, each only if its content changed, and the data file under {@code data/}. */
    Path write(String dataFileName, byte[] data) throws IOException {
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            AtomicFiles.writeIfDifferent(folder.resolve(file.getKey()), file.getValue());
        }
        Path target = folder.resolve(DATA).resolve(dataFileName);
        // Names are content hashes, but a file of an earlier export may have been damaged since.
        AtomicFiles.writeIfDifferent(target, data);
        return target;
    }

    /** Whether {@code existing} is what export writes there now, or an earlier version of its page file. */
    private static boolean written(Path existing, byte[] ours) throws IOException {
        if (!Files.isRegularFile(existing, LinkOption.NOFOLLOW_LINKS) || Files.size(existing) > LARGEST_COMPARED) {
            return false;
        }
        byte[] bytes = Files.readAllBytes(existing);
        int signature = signatureEnd(ours);
        return Arrays.equals(bytes, ours)
                || signature > 0 && bytes.length >= signature && Arrays.equals(bytes, 0, signature, ours, 0, signature);
    }

    /** Where {@link #SIGNATURE} ends near the start of {@code bytes}, or 0 if it is not there. */
    private static int signatureEnd(byte[] bytes) {
        for (int start = 0; start + SIGNATURE.length <= Math.min(bytes.length, SIGNATURE_WITHIN); start++) {
            if (Arrays.equals(bytes, start, start + SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
                return start + SIGNATURE.length;
            }
        }
        return 0;
    }
}
