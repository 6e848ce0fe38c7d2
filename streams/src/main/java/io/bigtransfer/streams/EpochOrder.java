package io.bigtransfer.streams;

/** The order in which an epoch visits a data set: a pure function of (seed, epoch, size). */
public final class EpochOrder {
    private EpochOrder() {
    }

    /** A permutation of [0, size): Fisher-Yates where step i draws with counter i. */
    public static int[] permutation(long seed, long epoch, int size) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        SampleRandom random = SampleRandom.of(seed, epoch, 0, RandomPurpose.ORDER);
        for (int i = size - 1; i > 0; i--) {
            int j = random.below(i + 1, i);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
