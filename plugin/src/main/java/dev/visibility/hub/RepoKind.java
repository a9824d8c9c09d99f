package dev.visibility.hub;

/**
 * The two kinds of hub repository this plugin reads. They share every rule of downloading and caching, and differ
 * only in where their files are on the hub and in the cache.
 */
enum RepoKind {
    MODEL("model", ""),
    DATASET("dataset", "datasets/");

    private final String noun;
    private final String urlPrefix;

    RepoKind(String noun, String urlPrefix) {
        this.noun = noun;
        this.urlPrefix = urlPrefix;
    }

    /** "model" or "dataset", for messages. */
    String noun() {
        return noun;
    }

    /** What comes between the endpoint and the repository in a file's URL: models have no prefix. */
    String urlPrefix() {
        return urlPrefix;
    }

    /** The start of the repository's folder name in the cache, as huggingface_hub names it. */
    String cachePrefix() {
        return noun + "s--";
    }
}
