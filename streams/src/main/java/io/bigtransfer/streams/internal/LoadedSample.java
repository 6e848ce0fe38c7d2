package io.bigtransfer.streams.internal;

import io.bigtransfer.streams.SkipReason;

/**
 * The outcome of a {@link PlacedTask}: its pixels are in its batch row, or it was skipped (and
 * its row holds nothing) for {@code skipReason}.
 */
record LoadedSample(PlacedTask placed, int label, SkipReason skipReason) {
    static LoadedSample decoded(PlacedTask placed, int label) {
        return new LoadedSample(placed, label, null);
    }

    static LoadedSample skipped(PlacedTask placed, int label, SkipReason reason) {
        return new LoadedSample(placed, label, reason);
    }

    SampleTask task() {
        return placed.task();
    }

    boolean isSkipped() {
        return skipReason != null;
    }
}
