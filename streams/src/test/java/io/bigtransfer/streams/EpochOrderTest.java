package io.bigtransfer.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EpochOrderTest {
    @Test
    void isAPermutation() {
        for (int size : new int[] {0, 1, 2, 3, 10, 1000}) {
            int[] order = EpochOrder.permutation(5, 2, size);
            int[] sorted = order.clone();
            Arrays.sort(sorted);
            assertArrayEquals(IntStream.range(0, size).toArray(), sorted);
        }
    }

    @Test
    void isAPureFunctionOfSeedAndEpoch() {
        assertArrayEquals(EpochOrder.permutation(5, 2, 100), EpochOrder.permutation(5, 2, 100));
        assertFalse(Arrays.equals(EpochOrder.permutation(5, 2, 100), EpochOrder.permutation(6, 2, 100)));
        assertFalse(Arrays.equals(EpochOrder.permutation(5, 2, 100), EpochOrder.permutation(5, 3, 100)));
    }

    @Test
    void shufflesEvenly() {
        // Over many epochs every element lands in every slot about equally often.
        int size = 5;
        int epochs = 50_000;
        int[][] counts = new int[size][size];
        for (int epoch = 0; epoch < epochs; epoch++) {
            int[] order = EpochOrder.permutation(9, epoch, size);
            for (int slot = 0; slot < size; slot++) {
                counts[slot][order[slot]]++;
            }
        }
        for (int[] slot : counts) {
            for (int count : slot) {
                assertEquals(epochs / size, count, 400);
            }
        }
    }
}
