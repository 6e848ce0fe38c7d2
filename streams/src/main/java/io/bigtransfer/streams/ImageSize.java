package io.bigtransfer.streams;

/** An image size in pixels. */
public record ImageSize(int height, int width) {
}
