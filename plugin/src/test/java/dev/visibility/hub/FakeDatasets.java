package dev.visibility.hub;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;

/**
 * The files of the dataset {@code tiny/corpus} that {@link FakeHub} serves. At {@link FakeHub#MAIN} it is laid
 * out as the hub's Parquet conversion lays out NeelNanda/pile-10k (two train shards and a test shard under
 * {@code data/}, beside a README); at {@link FakeHub#OLD} (tag {@code v1}) it was one {@code train.jsonl}.
 * The Parquet files are stand-ins: bytes framed by Parquet's magic number, which downloading never looks into.
 */
final class FakeDatasets {
    static final String REPO = "tiny/corpus";
    /** Small, like the other files: served by the hub itself, with its git blob id as ETag. */
    static final String TRAIN_0 = "data/train-00000-of-00002-5f1c.parquet";
    /** Large: served from storage through a redirect, and large enough to be cut in the middle. */
    static final String TRAIN_1 = "data/train-00001-of-00002-5f1c.parquet";
    static final String TEST = "data/test-00000-of-00001-5f1c.parquet";
    static final String OLD_TRAIN = "train.jsonl";

    private FakeDatasets() {
    }

    static Map<String, byte[]> main() {
        return Map.of(
                "README.md", utf8("# tiny/corpus\n"),
                ".gitattributes", utf8("*.parquet filter=lfs diff=lfs merge=lfs -text\n"),
                TRAIN_0, parquetLike(0, 1_000),
                TRAIN_1, parquetLike(1, 300_000),
                TEST, parquetLike(2, 2_000));
    }

    static Map<String, byte[]> old() {
        return Map.of(
                "README.md", utf8("# tiny/corpus\n"),
                OLD_TRAIN, utf8("{\"text\": \"It is done, and submitted.\"}\n{\"text\": \"You can play.\"}\n"));
    }

    private static byte[] parquetLike(int seed, int size) {
        byte[] content = new byte[size];
        new Random(seed).nextBytes(content);
        byte[] magic = "PAR1".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, content, 0, magic.length);
        System.arraycopy(magic, 0, content, size - magic.length, magic.length);
        return content;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
