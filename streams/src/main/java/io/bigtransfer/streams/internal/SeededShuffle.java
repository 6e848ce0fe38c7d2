package io.bigtransfer.streams.internal;

import io.bigtransfer.streams.SampleRandom;

/** Seeded permutations: Fisher-Yates from the last slot down, where the step at slot i uses draw i. */
public final class SeededShuffle {
    private SeededShuffle() {
    }

    /** A permutation of [0, size), a pure function of {@code random}'s key and {@code size}. */
    public static int[] permutation(SampleRandom random, int size) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = random.below(i + 1, i);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
