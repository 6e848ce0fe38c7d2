package io.bigtransfer.streams.s3;

import io.bigtransfer.streams.DataException;

/**
 * An object or a prefix in a bucket, {@code s3://bucket/key}. A prefix is a key ending in '/' (or
 * the empty key, the whole bucket), so that {@code s3://b/data} and {@code s3://b/data/} name the
 * same folder and never also match {@code s3://b/database/...}.
 */
public record S3Uri(String bucket, String key) {
    private static final String SCHEME = "s3://";

    public S3Uri {
        if (bucket.isEmpty() || bucket.contains("/")) {
            throw new IllegalArgumentException("not a bucket name: '" + bucket + "'");
        }
    }

    public static boolean isS3(String location) {
        return location.startsWith(SCHEME);
    }

    /** Parses {@code s3://bucket/key}; fails in one sentence naming the text. */
    public static S3Uri parse(String location) {
        if (!isS3(location)) {
            throw new DataException("'" + location + "' is not an s3:// URI.");
        }
        String rest = location.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        if (bucket.isEmpty()) {
            throw new DataException("'" + location + "' names no bucket; write s3://bucket/prefix.");
        }
        return new S3Uri(bucket, slash < 0 ? "" : rest.substring(slash + 1));
    }

    /** This location as a prefix: the key with one trailing '/' (the empty key stays empty). */
    public S3Uri asPrefix() {
        return key.isEmpty() || key.endsWith("/") ? this : new S3Uri(bucket, key + "/");
    }

    /** The object {@code name} under this prefix. */
    public S3Uri resolve(String name) {
        return new S3Uri(bucket, asPrefix().key + name);
    }

    @Override
    public String toString() {
        return SCHEME + bucket + "/" + key;
    }
}
