package io.bigtransfer.streams.internal;

/**
 * One sample to load: data set {@code index}, met at data {@code position} of {@code epoch}
 * for batch {@code step}.
 */
public record SampleTask(long step, long position, long epoch, int index) {
}
