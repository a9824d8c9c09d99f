package dev.visibility.hub;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the hub's dataset API says about a revision: the commit it stands for and the files it has.
 *
 * @param commit the commit ({@code sha}), 40 hex digits
 * @param files  every file of the repository ({@code siblings[].rfilename}), as paths with {@code /}, sorted
 */
record DatasetListing(String commit, List<String> files) {
    /**
     * Reads the JSON answer of {@code url}. Both the commit and the file names become paths in the cache, so every
     * one is checked, and a listing with a single unusable value is refused as a whole: nothing is requested with
     * an answer that no hub sends.
     */
    static DatasetListing parse(URI url, String json) throws ModelNotAvailableException {
        JsonObject info = object(url, json);
        String commit = string(info.get("sha"));
        if (commit == null || !HubRepoId.isCommit(commit)) {
            throw Failures.implausibleAnswer(url, "sha", String.valueOf(info.get("sha")), "a commit (40 hex digits)");
        }
        if (!(info.get("siblings") instanceof JsonArray siblings)) {
            throw Failures.implausibleAnswer(url, "listing", json, "a JSON object with sha and siblings");
        }
        List<String> files = new ArrayList<>();
        for (JsonElement sibling : siblings) {
            String file = sibling instanceof JsonObject entry ? string(entry.get("rfilename")) : null;
            if (file == null || !RepoPath.isSafe(file)) {
                throw Failures.implausibleAnswer(url, "file name", String.valueOf(file == null ? sibling : file),
                        "a relative path inside the repository");
            }
            files.add(file);
        }
        Set<String> folders = new HashSet<>();
        for (String file : files) {
            for (int slash = file.indexOf('/'); slash >= 0; slash = file.indexOf('/', slash + 1)) {
                folders.add(file.substring(0, slash));
            }
        }
        for (String file : files) {
            // In a cache, one path cannot be a file and a folder at once; no git repository has such a listing.
            if (folders.contains(file)) {
                throw Failures.implausibleAnswer(url, "file name", file, "a file, not also a folder of other files");
            }
        }
        return new DatasetListing(commit, files.stream().distinct().sorted().toList());
    }

    private static JsonObject object(URI url, String json) throws ModelNotAvailableException {
        try {
            if (JsonParser.parseString(json) instanceof JsonObject object) {
                return object;
            }
        } catch (JsonParseException notJson) {
            // refused below, like any other answer that is not a listing
        }
        throw Failures.implausibleAnswer(url, "listing", json, "a JSON object with sha and siblings");
    }

    private static String string(JsonElement element) {
        return element != null && element.isJsonPrimitive() && element.getAsJsonPrimitive().isString()
                ? element.getAsString() : null;
    }
}
