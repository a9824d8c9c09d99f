package dev.visibility.hub;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which files of a dataset hold a split, after the Hugging Face naming conventions: the split's name is the file
 * name ({@code train.jsonl}), starts it ({@code data/train-00000-of-00001-<hash>.parquet}), or names a folder
 * on the path ({@code data/train/part-0.parquet}). As in Hugging Face's {@code datasets}, a dataset whose files
 * name no split at all has one split, {@code train}, of all its data files.
 */
final class SplitFiles {
    private static final List<String> DATA_EXTENSIONS = List.of(".parquet", ".jsonl", ".json");
    /** JSON files that describe a dataset, never hold its rows. */
    private static final List<String> METADATA_FILES = List.of("dataset_infos.json", "dataset_info.json",
            "dataset_dict.json", "state.json");
    /** The split names that Hugging Face's conventions know, for telling users which splits a dataset has. */
    private static final List<String> USUAL_SPLITS = List.of("train", "training", "validation", "valid", "val",
            "dev", "test", "testing", "eval", "evaluation");
    private static final Pattern SPLIT_NAME = Pattern.compile("\\w[\\w.-]{0,99}");

    private SplitFiles() {
    }

    /** True for a name that a split can have, such as {@code train} or {@code validation_matched}. */
    static boolean isSplitName(String split) {
        return SPLIT_NAME.matcher(split).matches();
    }

    /** The data files ({@code .parquet}, {@code .jsonl}, {@code .json}) among {@code files}, in their order. */
    static List<String> dataFiles(List<String> files) {
        return files.stream().filter(SplitFiles::isDataFile).toList();
    }

    /** The data files of {@code split} among {@code files}, in their order. */
    static List<String> of(List<String> files, String split) {
        if (split.equals("train") && usualSplits(files).isEmpty()) {
            return dataFiles(files);
        }
        return named(files, split);
    }

    private static List<String> named(List<String> files, String split) {
        return dataFiles(files).stream().filter(file -> belongsTo(file, split)).toList();
    }

    /** The usual split names that some of {@code files} belong to, for a message. */
    static List<String> usualSplits(List<String> files) {
        return USUAL_SPLITS.stream().filter(split -> !named(files, split).isEmpty()).toList();
    }

    private static boolean isDataFile(String file) {
        String lower = file.toLowerCase(Locale.ROOT);
        String name = lower.substring(lower.lastIndexOf('/') + 1);
        return DATA_EXTENSIONS.stream().anyMatch(lower::endsWith) && !METADATA_FILES.contains(name);
    }

    private static boolean belongsTo(String file, String split) {
        String[] parts = file.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            if (parts[i].equals(split)) {
                return true;
            }
        }
        String name = parts[parts.length - 1];
        String stem = name.substring(0, name.lastIndexOf('.'));
        return stem.equals(split) || stem.startsWith(split + "-") || stem.startsWith(split + "_")
                || stem.startsWith(split + ".");
    }
}
