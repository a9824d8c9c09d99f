package dev.visibility.hub;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading the hub's dataset API answer, and refusing every value that would not be a safe path. */
class DatasetListingTest {
    private static final URI URL = URI.create("http://127.0.0.1:1/api/datasets/a/b/revision/main");
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @Test
    void readsTheCommitAndTheFileNamesSorted() throws Exception {
        String json = "{\"id\": \"a/b\", \"sha\": \"" + COMMIT + "\", \"private\": false, \"siblings\": ["
                + "{\"rfilename\": \"data/train-1.parquet\"}, {\"rfilename\": \"README.md\"},"
                + " {\"rfilename\": \"data/train-0.parquet\", \"size\": 12}]}";

        DatasetListing listing = DatasetListing.parse(URL, json);

        assertEquals(COMMIT, listing.commit());
        assertEquals(List.of("README.md", "data/train-0.parquet", "data/train-1.parquet"), listing.files());
    }

    @Test
    void aFileListedTwiceIsListedOnceAndAFileThatIsAlsoAFolderOrTooLongIsRefused() throws Exception {
        String twice = "{\"sha\": \"" + COMMIT + "\", \"siblings\": [{\"rfilename\": \"data/train-0.parquet\"},"
                + " {\"rfilename\": \"data/train-0.parquet\"}]}";
        assertEquals(List.of("data/train-0.parquet"), DatasetListing.parse(URL, twice).files());

        String both = "{\"sha\": \"" + COMMIT + "\", \"siblings\": [{\"rfilename\": \"a.parquet\"},"
                + " {\"rfilename\": \"a.parquet/b.parquet\"}]}";
        String message = assertThrows(ModelNotAvailableException.class, () -> DatasetListing.parse(URL, both))
                .getMessage();
        assertTrue(message.contains("'a.parquet'") && !message.contains("HF_HUB_CACHE"), message);

        String tooLong = "{\"sha\": \"" + COMMIT + "\", \"siblings\": [{\"rfilename\": \"" + "x".repeat(250)
                + ".parquet\"}]}";
        assertThrows(ModelNotAvailableException.class, () -> DatasetListing.parse(URL, tooLong));
    }

    @Test
    void metadataFilesAreNoDataFiles() {
        assertEquals(List.of("data.json"), SplitFiles.of(List.of("dataset_infos.json", "data.json", "README.md"),
                "train"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../train.parquet", "data/../../train.parquet", "/etc/train.parquet", "C:train.parquet",
            "data\\\\train.parquet", "data//train.parquet", "./train.parquet", "train.parquet\\u0000.txt",
            "train\\n.parquet", "data/train-\\udc00.parquet", ""})
    void refusesAFileNameThatIsNotAPlainRelativePath(String name) {
        String json = "{\"sha\": \"" + COMMIT + "\", \"siblings\": [{\"rfilename\": \"ok.parquet\"},"
                + " {\"rfilename\": \"" + name + "\"}]}";

        String message = assertThrows(ModelNotAvailableException.class, () -> DatasetListing.parse(URL, json))
                .getMessage();

        assertTrue(message.startsWith(URL + " answered with the file name '"), message);
        assertTrue(message.contains("which is not a relative path inside the repository. Nothing was downloaded"
                + " or requested with it."), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"../../x\"", "\"main\"", "null", "40", "\"0123456789ABCDEF0123456789ABCDEF01234567\""})
    void refusesACommitThatIsNotFortyHexDigits(String sha) {
        String json = "{\"sha\": " + sha + ", \"siblings\": []}";

        String message = assertThrows(ModelNotAvailableException.class, () -> DatasetListing.parse(URL, json))
                .getMessage();

        assertTrue(message.contains("answered with the sha '"), message);
        assertTrue(message.contains("which is not a commit (40 hex digits)"), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"<html>Bad gateway</html>", "[]", "{\"sha\": \"" + COMMIT + "\"}",
            "{\"sha\": \"" + COMMIT + "\", \"siblings\": [\"a.parquet\"]}"})
    void refusesWhatIsNotAListing(String json) {
        String message = assertThrows(ModelNotAvailableException.class, () -> DatasetListing.parse(URL, json))
                .getMessage();

        assertTrue(message.startsWith(URL + " answered with the "), message);
    }
}
