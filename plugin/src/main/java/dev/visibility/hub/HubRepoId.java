package dev.visibility.hub;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A model or dataset on the hub: a repository and a revision (branch, tag or commit).
 *
 * @param kind     whether the repository holds a model or a dataset
 * @param repo     {@code org/name}; bare legacy model names are already mapped to their current repository
 * @param revision {@code main} unless the user pinned one with {@code @revision}
 */
record HubRepoId(RepoKind kind, String repo, String revision) {
    static final String DEFAULT_REVISION = "main";

    /**
     * The GPT-2 repositories that the hub renamed. Python users who asked for the old name have it cached under
     * the old name, so both are looked up in the cache.
     */
    private static final Map<String, String> LEGACY_NAMES = Map.of(
            "gpt2", "openai-community/gpt2",
            "gpt2-medium", "openai-community/gpt2-medium",
            "gpt2-large", "openai-community/gpt2-large",
            "gpt2-xl", "openai-community/gpt2-xl",
            "distilgpt2", "distilbert/distilgpt2");

    /** The hub's own rule for repository ids: one or two segments of word characters, dots and dashes. */
    private static final Pattern REPO = Pattern.compile("(?:[\\w.-]+/)?[\\w.-]+");
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

    /** Reads a model: {@code name}, {@code org/name} or either with {@code @revision}; empty when it is not one. */
    static Optional<HubRepoId> parseModel(String model) {
        return parse(RepoKind.MODEL, model)
                .map(id -> new HubRepoId(id.kind, LEGACY_NAMES.getOrDefault(id.repo, id.repo), id.revision));
    }

    /** Reads a dataset: {@code org/name}, optionally with {@code @revision}; datasets have no bare legacy names. */
    static Optional<HubRepoId> parseDataset(String dataset) {
        return parse(RepoKind.DATASET, dataset).filter(id -> id.repo.contains("/"));
    }

    private static Optional<HubRepoId> parse(RepoKind kind, String name) {
        int at = name.indexOf('@');
        String repo = at < 0 ? name : name.substring(0, at);
        String revision = at < 0 ? DEFAULT_REVISION : name.substring(at + 1);
        if (!isRepoId(repo) || !isRevision(revision)) {
            return Optional.empty();
        }
        return Optional.of(new HubRepoId(kind, repo, revision));
    }

    private static boolean isRepoId(String repo) {
        return repo.length() <= 96 && REPO.matcher(repo).matches()
                && !repo.contains("--") && !repo.contains("..")
                && !repo.startsWith(".") && !repo.startsWith("-") && !repo.endsWith(".") && !repo.endsWith("-")
                && !repo.contains("/.") && !repo.contains("/-") && !repo.contains("./") && !repo.contains("-/");
    }

    /**
     * Revisions become file names under {@code refs/}, so nothing may climb out of that folder, and no character
     * that a file name cannot hold (a NUL) or a log should not print (a control character) is accepted.
     */
    private static boolean isRevision(String revision) {
        return !revision.isEmpty() && !revision.contains("..") && !revision.startsWith("/")
                && !revision.endsWith("/")
                && revision.chars().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c) || c == '\\');
    }

    /** The same repository at {@code commit}. */
    HubRepoId atCommit(String commit) {
        return new HubRepoId(kind, repo, commit);
    }

    /** True when the revision is a full commit hash, which can never move. */
    boolean pinnedToCommit() {
        return isCommit(revision);
    }

    static boolean isCommit(String revision) {
        return COMMIT.matcher(revision).matches();
    }

    /** The repository names this model may be cached under, the current one first. */
    List<String> cachedRepos() {
        List<String> names = new ArrayList<>(List.of(repo));
        LEGACY_NAMES.forEach((legacy, current) -> {
            if (kind == RepoKind.MODEL && current.equals(repo)) {
                names.add(legacy);
            }
        });
        return names;
    }

    /** {@code repo}, or {@code repo@revision} when pinned. */
    String displayName() {
        return revision.equals(DEFAULT_REVISION) ? repo : repo + "@" + revision;
    }
}
