package io.bigtransfer.streams;

/** A sample left out of a batch: its global data set index and why. */
public record SkippedSample(long sampleIndex, SkipReason reason) {
}
