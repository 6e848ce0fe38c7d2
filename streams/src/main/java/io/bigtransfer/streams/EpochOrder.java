package io.bigtransfer.streams;

import io.bigtransfer.streams.internal.SeededShuffle;

/** The order in which an epoch visits a data set: a pure function of (seed, epoch, size). */
public final class EpochOrder {
    private EpochOrder() {
    }

    /** A permutation of [0, size): {@link SeededShuffle} keyed by (seed, epoch, 0, ORDER). */
    public static int[] permutation(long seed, long epoch, int size) {
        return SeededShuffle.permutation(SampleRandom.of(seed, epoch, 0, RandomPurpose.ORDER), size);
    }
}
