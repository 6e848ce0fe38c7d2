package io.bigtransfer.streams.internal;

/** One sample of a shard: its image member's name, where that member's data lies in the tar, its class. */
public record ShardEntry(String member, long offset, int length, int label) {
}
