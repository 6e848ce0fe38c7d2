package io.bigtransfer.streams.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class MixupPairsTest {
    @Test
    void mixesEachPairWithLambdaOnItself() {
        float[] rows = {0, 8, 4, 16, 100, 200, -4, 0};
        MixupPairs.mix(rows, 2, new int[] {0, 1, 2, 3}, 0.25);
        // 0.25 * (0, 8) + 0.75 * (4, 16) = (3, 14) and its mirror 0.25 * (4, 16) + 0.75 * (0, 8) = (1, 10);
        // 0.25 * (100, 200) + 0.75 * (-4, 0) = (22, 50) and 0.25 * (-4, 0) + 0.75 * (100, 200) = (74, 150).
        assertArrayEquals(new float[] {3, 14, 1, 10, 22, 50, 74, 150}, rows);
    }

    @Test
    void aSampleWhosePartnerWasSkippedStaysAsItIs() {
        // Samples 0..3 of the slice; sample 1 was skipped, so rows are samples 0, 2, 3.
        float[] rows = {0, 8, 4, 16, 100, 200};
        MixupPairs.mix(rows, 2, new int[] {0, -1, 1, 2}, 0.25);
        // Row 0 keeps (0, 8); samples 2 and 3 mix: (76, 154) and (28, 62).
        assertArrayEquals(new float[] {0, 8, 76, 154, 28, 62}, rows);
        float[] alone = {1, 2};
        MixupPairs.mix(alone, 2, new int[] {-1, -1, 0, -1}, 0.25);
        assertArrayEquals(new float[] {1, 2}, alone);
    }
}
