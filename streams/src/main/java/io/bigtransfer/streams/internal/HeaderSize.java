package io.bigtransfer.streams.internal;

/** Width and height as an image's header states them, before any decoding. */
public record HeaderSize(long width, long height) {
}
