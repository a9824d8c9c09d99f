package dev.visibility.hub;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HubRepoIdTest {
    @ParameterizedTest
    @CsvSource({
            "MODEL, gpt2, openai-community/gpt2, main",
            "MODEL, gpt2-medium, openai-community/gpt2-medium, main",
            "MODEL, gpt2-large, openai-community/gpt2-large, main",
            "MODEL, gpt2-xl, openai-community/gpt2-xl, main",
            "MODEL, distilgpt2, distilbert/distilgpt2, main",
            "MODEL, openai-community/gpt2, openai-community/gpt2, main",
            "MODEL, gpt2@v1.0, openai-community/gpt2, v1.0",
            "MODEL, org/my_model.v2@refs/pr/1, org/my_model.v2, refs/pr/1",
            "MODEL, sshleifer/tiny-gpt2@5f91d94bd9cd7190a9f3216ff93cd1dd95f2c7be, sshleifer/tiny-gpt2, "
                    + "5f91d94bd9cd7190a9f3216ff93cd1dd95f2c7be",
            "DATASET, NeelNanda/pile-10k, NeelNanda/pile-10k, main",
            "DATASET, org/name@v1.0, org/name, v1.0",
            "DATASET, org/name@refs/convert/parquet, org/name, refs/convert/parquet",
            "DATASET, openai-community/gpt2, openai-community/gpt2, main",
    })
    void readsHubIds(RepoKind kind, String name, String repo, String revision) {
        assertEquals(Optional.of(new HubRepoId(kind, repo, revision)), parse(kind, name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "./gpt2", "../gpt2", "/models/gpt2", "a/b/c", "a--b/c", "-a/b", "a/b.", "a/.b",
            "org/name@", "org/name@../../x", "org/name@/x", "org/name@a b", "C:\\models\\gpt2",
            "gpt2@main\u0000x", "gpt2@main\u001b[31m"})
    void rejectsWhatIsNotAHubId(String model) {
        assertEquals(Optional.empty(), HubRepoId.parseModel(model));
    }

    @Test
    void aCommitIsAPin() {
        assertTrue(new HubRepoId(RepoKind.MODEL, "a/b", "5f91d94bd9cd7190a9f3216ff93cd1dd95f2c7be").pinnedToCommit());
        assertFalse(new HubRepoId(RepoKind.MODEL, "a/b", "main").pinnedToCommit());
    }

    @Test
    void renamedRepositoriesAreAlsoLookedUpUnderTheirLegacyName() {
        assertEquals(List.of("openai-community/gpt2", "gpt2"),
                HubRepoId.parseModel("gpt2").orElseThrow().cachedRepos());
        assertEquals(List.of("org/name"), HubRepoId.parseModel("org/name").orElseThrow().cachedRepos());
    }

    @Test
    void showsTheRevisionOnlyWhenPinned() {
        assertEquals("openai-community/gpt2", HubRepoId.parseModel("gpt2").orElseThrow().displayName());
        assertEquals("org/name@v1", HubRepoId.parseModel("org/name@v1").orElseThrow().displayName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"pile-10k", "gpt2", "", "a/b/c", "../a/b", "org/name@../../x", "org/name@a\\b",
            "corpus.jsonl"})
    void rejectsWhatIsNotADatasetId(String dataset) {
        assertEquals(Optional.empty(), HubRepoId.parseDataset(dataset));
    }

    @Test
    void datasetsHaveNoLegacyNames() {
        HubRepoId dataset = HubRepoId.parseDataset("openai-community/gpt2").orElseThrow();

        assertEquals("openai-community/gpt2", dataset.repo());
        assertEquals(List.of("openai-community/gpt2"), dataset.cachedRepos());
    }

    private static Optional<HubRepoId> parse(RepoKind kind, String name) {
        return kind == RepoKind.MODEL ? HubRepoId.parseModel(name) : HubRepoId.parseDataset(name);
    }
}
