package io.bigtransfer.streams.internal;

import io.bigtransfer.streams.SkipReason;

/** The outcome of a {@link SampleTask}: normalized pixels, or the reason it was skipped. */
record LoadedSample(SampleTask task, int label, float[] pixels, SkipReason skipReason) {
    static LoadedSample decoded(SampleTask task, int label, float[] pixels) {
        return new LoadedSample(task, label, pixels, null);
    }

    static LoadedSample skipped(SampleTask task, int label, SkipReason reason) {
        return new LoadedSample(task, label, null, reason);
    }

    boolean isSkipped() {
        return skipReason != null;
    }
}
