package io.bigtransfer.model.internal.eager;

/**
 * The comparisons of {@link RootPool}'s max pool along a run of channels of one pixel: each window
 * position in scan order offers its values, and a value replaces the maximum so far only where it
 * is larger (the first of equal values stays). No branch per value: the maxima fall in no pattern a
 * branch predictor could learn. Every implementation gives the same maxima and sources.
 */
abstract class MaxPoolLoops {
    private static final MaxPoolLoops SCALAR = new Scalar();
    private static final MaxPoolLoops FASTEST = VectorLoops.fastest(MaxPoolLoops.class, "SimdMaxPoolLoops", SCALAR,
            "the root's max pool");

    /**
     * For {@code c} in {@code [0, channels)}: where {@code values[at + c] > max[to + c]}, that value
     * becomes the maximum and {@code first + c} its source.
     */
    abstract void takeLarger(float[] values, int at, float[] max, int[] source, int to, int first, int channels);

    /** The same for a padded zero, whose source is -1. */
    abstract void takeZero(float[] max, int[] source, int to, int channels);

    /** The plain Java loops: every JVM has them. */
    static MaxPoolLoops scalar() {
        return SCALAR;
    }

    /** The Vector API loops where this JVM has them ({@link VectorLoops}), else {@link #scalar()}. */
    static MaxPoolLoops fastest() {
        return FASTEST;
    }

    private static final class Scalar extends MaxPoolLoops {
        @Override
        void takeLarger(float[] values, int at, float[] max, int[] source, int to, int first, int channels) {
            for (int c = 0; c < channels; c++) {
                float value = values[at + c];
                boolean larger = value > max[to + c];
                max[to + c] = larger ? value : max[to + c];
                source[to + c] = larger ? first + c : source[to + c];
            }
        }

        @Override
        void takeZero(float[] max, int[] source, int to, int channels) {
            for (int c = 0; c < channels; c++) {
                boolean larger = 0f > max[to + c];
                max[to + c] = larger ? 0f : max[to + c];
                source[to + c] = larger ? -1 : source[to + c];
            }
        }
    }
}
