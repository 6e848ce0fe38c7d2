package io.bigtransfer.streams.s3;

/** One object of a listing: where it is and its size in bytes. */
public record StoredObject(S3Uri uri, long size) {
}
