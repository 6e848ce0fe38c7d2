package io.bigtransfer.streams.internal;

/**
 * Mixes the rows of one slice in pairs of global positions (2j, 2j + 1), each with the weight
 * lambda on itself: x_2j' = l * x_2j + (1 - l) * x_2j+1 and x_2j+1' = l * x_2j+1 + (1 - l) * x_2j.
 * A slice starts at an even position and has even length, so its k-th sample pairs with sample
 * k xor 1. When one sample of a pair was skipped, its partner stays as it is (its own pixels, its
 * one-hot target): there is nothing to mix it with, and borrowing another row would make the
 * result depend on which inputs happen to be bad.
 */
final class MixupPairs {
    private MixupPairs() {
    }

    /**
     * Mixes {@code values} (rows of {@code rowSize}) in place; {@code rowOfSample[k]} is the row
     * of the slice's k-th sample, or -1 when it was skipped.
     */
    static void mix(float[] values, int rowSize, int[] rowOfSample, double lambda) {
        for (int k = 0; k + 1 < rowOfSample.length; k += 2) {
            int first = rowOfSample[k] * rowSize;
            int second = rowOfSample[k + 1] * rowSize;
            if (first < 0 || second < 0) {
                continue;
            }
            for (int i = 0; i < rowSize; i++) {
                float a = values[first + i];
                float b = values[second + i];
                values[first + i] = (float) (lambda * a + (1 - lambda) * b);
                values[second + i] = (float) (lambda * b + (1 - lambda) * a);
            }
        }
    }
}
