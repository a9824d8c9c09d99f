package dev.visibility.hub;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The split of a file, after the naming conventions of datasets on the Hugging Face hub. */
class SplitFilesTest {
    @ParameterizedTest
    @ValueSource(strings = {
            "data/train-00000-of-00001-4746b8785c874cc7.parquet", // NeelNanda/pile-10k
            "train.jsonl",
            "train.json",
            "data/train/part-0.parquet",
            "train-00000-of-00002.parquet",
            "train_clean.jsonl",
            "train.part1.JSONL",
            "plain_text/train/0000.parquet"})
    void theseFilesHoldTheTrainSplit(String file) {
        assertEquals(List.of(file), SplitFiles.of(List.of(file), "train"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "data/training-00000-of-00001.parquet", // another word that starts like the split
            "data/test-00000-of-00001.parquet",
            "pretrain.jsonl",
            "train.csv", // not a data file this plugin reads
            "train/README.md",
            "data/my-train.parquet"})
    void theseFilesDoNot(String file) {
        // Beside a file of another split: alone, a file that names no split would be all of train (below).
        assertEquals(List.of(), SplitFiles.of(List.of(file, "data/validation-00000-of-00001.parquet"), "train"));
    }

    @Test
    void filesThatNameNoSplitAreAllOfTrain() {
        List<String> files = List.of("README.md", "corpus.parquet", "more/part-1.jsonl");

        assertEquals(List.of("corpus.parquet", "more/part-1.jsonl"), SplitFiles.of(files, "train"));
        assertEquals(List.of(), SplitFiles.of(files, "validation"));
        assertEquals(List.of(), SplitFiles.usualSplits(files));
    }

    @Test
    void keepsTheOrderItIsGiven() {
        List<String> files = List.of("data/train-0.parquet", "data/train-1.parquet", "data/validation-0.parquet");

        assertEquals(List.of("data/train-0.parquet", "data/train-1.parquet"), SplitFiles.of(files, "train"));
    }

    @Test
    void namesTheUsualSplitsOfAListing() {
        List<String> files = List.of("data/test-0.parquet", "data/train-0.parquet", "data/validation-0.parquet",
                "data/extra-0.parquet");

        assertEquals(List.of("train", "validation", "test"), SplitFiles.usualSplits(files));
    }

    @Test
    void dataFilesAreParquetAndJsonLines() {
        assertEquals(List.of("a.parquet", "b.jsonl", "c.json"),
                SplitFiles.dataFiles(List.of("README.md", "a.parquet", "b.jsonl", "c.json", ".gitattributes")));
    }

    @Test
    void splitNamesAreWords() {
        assertTrue(SplitFiles.isSplitName("train"));
        assertTrue(SplitFiles.isSplitName("validation_matched"));
        for (String notASplit : List.of("", "../train", "a/b", "train*", " train", "-train")) {
            assertFalse(SplitFiles.isSplitName(notASplit), notASplit);
        }
    }
}
