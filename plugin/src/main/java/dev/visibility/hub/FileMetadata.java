package dev.visibility.hub;

import java.net.URI;

/**
 * What the hub says about one file before it is downloaded.
 *
 * @param commit   the commit the revision resolved to ({@code X-Repo-Commit})
 * @param etag     the sha256 of a large (LFS) file, or the git blob sha1 of a small one, without quotes
 * @param size     the size in bytes, or -1 when the hub did not say
 * @param location where the content is: the file's own URL, or the storage host it redirects to
 * @param onHub    true when {@code location} is the hub itself, which may see the token
 */
record FileMetadata(String commit, String etag, long size, URI location, boolean onHub) {
}
