package dev.visibility.hub;

import dev.visibility.Folders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Models in a folder of the user's: no network, identity from the weights' sha256. */
class LocalFolderTest {
    private static final String WEIGHTS_SHA256 = FakeHub.sha256(FakeHub.fixture(FakeHub.WEIGHTS));

    @TempDir
    Path temp;
    private HubTestSupport support;
    private Path folder;

    @BeforeEach
    void copyModel() throws IOException {
        // An endpoint where nothing listens: a local folder must never need the hub.
        support = new HubTestSupport(temp, URI.create("http://127.0.0.1:9"));
        support.env.put("XDG_CACHE_HOME", temp.resolve("xdg").toString());
        folder = Files.createDirectories(support.home.resolve("models/tiny"));
        for (String file : HubResolver.FILES) {
            Files.write(folder.resolve(file), FakeHub.fixture(file));
        }
    }

    @Test
    void aFolderIsIdentifiedByTheHashOfItsWeights() throws Exception {
        LocatedModel model = support.locate(folder.toString());

        assertEquals(new LocatedModel(folder.toString(), folder, "sha256:" + WEIGHTS_SHA256), model);
    }

    @Test
    void aTildeMeansTheHomeFolder() throws Exception {
        assertEquals(folder, support.locate("~/models/tiny").folder());
    }

    @Test
    void theHashIsRememberedUntilTheFileChanges() throws Exception {
        support.locate(folder.toString());
        Path memo = Folders.onlyFile(temp.resolve("xdg/visibility/weights-sha256"));
        List<String> lines = Files.readAllLines(memo);
        assertEquals(WEIGHTS_SHA256, lines.get(3));

        // A memo that matches path, size and time is trusted, so a planted value shows that it is used.
        Files.write(memo, List.of(lines.get(0), lines.get(1), lines.get(2), "remembered"));
        assertEquals("sha256:remembered", support.locate(folder.toString()).identity());

        Files.setLastModifiedTime(folder.resolve(FakeHub.WEIGHTS), FileTime.fromMillis(0));
        assertEquals("sha256:" + WEIGHTS_SHA256, support.locate(folder.toString()).identity());
    }

    @Test
    void aFolderWithoutTheTokenizerSaysWhatIsMissing() throws IOException {
        Files.delete(folder.resolve("tokenizer.json"));

        ModelNotAvailableException failure = assertThrows(ModelNotAvailableException.class,
                () -> support.locate(folder.toString()));

        assertTrue(failure.getMessage().startsWith("The model folder " + folder + " has no tokenizer.json."),
                failure.getMessage());
    }
}
