package dev.visibility;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Makes a folder read-only for the test's user, and writable again on {@link #close()} (so that the test's
 * temporary folder can be deleted). Permissions do not stop root, so for root the folder is made immutable with
 * {@code chattr +i} where the file system allows it; {@link #works()} says whether either took effect.
 */
public final class ReadOnlyFolder implements AutoCloseable {
    private final Path folder;
    private final boolean immutable;

    private ReadOnlyFolder(Path folder, boolean immutable) {
        this.folder = folder;
        this.immutable = immutable;
    }

    public static ReadOnlyFolder of(Path folder) throws IOException, InterruptedException {
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
        boolean immutable = !refusesWrites(folder) && run("chattr", "+i", folder.toString());
        return new ReadOnlyFolder(folder, immutable);
    }

    /** Whether writing into the folder now fails. */
    public boolean works() {
        return refusesWrites(folder);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (immutable) {
            run("chattr", "-i", folder.toString());
        }
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static boolean refusesWrites(Path folder) {
        try {
            Files.delete(Files.createFile(folder.resolve(".probe")));
            return false;
        } catch (IOException refused) {
            return true;
        }
    }

    private static boolean run(String... command) throws IOException, InterruptedException {
        return new ProcessBuilder(command).redirectErrorStream(true).start().waitFor() == 0;
    }
}
