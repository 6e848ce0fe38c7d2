package io.bigtransfer.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SampleRandomTest {
    private static double draw(long seed, long epoch, long index, RandomPurpose purpose, long counter) {
        return SampleRandom.of(seed, epoch, index, purpose).uniform(counter);
    }

    @Test
    void sameKeyGivesSameDraws() {
        for (long k = 0; k < 10; k++) {
            assertEquals(draw(7, 3, 1234, RandomPurpose.AUGMENT, k), draw(7, 3, 1234, RandomPurpose.AUGMENT, k));
        }
    }

    @Test
    void everyPartOfTheKeyChangesTheDraw() {
        double base = draw(7, 3, 1234, RandomPurpose.AUGMENT, 0);
        assertNotEquals(base, draw(8, 3, 1234, RandomPurpose.AUGMENT, 0));
        assertNotEquals(base, draw(7, 4, 1234, RandomPurpose.AUGMENT, 0));
        assertNotEquals(base, draw(7, 3, 1235, RandomPurpose.AUGMENT, 0));
        assertNotEquals(base, draw(7, 3, 1234, RandomPurpose.ORDER, 0));
        assertNotEquals(base, draw(7, 3, 1234, RandomPurpose.AUGMENT, 1));
        // Fields do not bleed into each other: (epoch 1, index 0) is not (epoch 0, index 1).
        assertNotEquals(draw(7, 1, 0, RandomPurpose.AUGMENT, 0), draw(7, 0, 1, RandomPurpose.AUGMENT, 0));
    }

    @Test
    void neighbouringSampleIndicesLookIndependentAndUniform() {
        int n = 200_000;
        double[] u = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            u[i] = draw(42, 0, i, RandomPurpose.AUGMENT, 0);
            assertTrue(u[i] >= 0 && u[i] < 1);
            sum += u[i];
        }
        assertEquals(0.5, sum / n, 0.005);
        // Correlation of index i with index i+1; for independent uniforms its spread is 1/sqrt(n).
        assertEquals(0, correlation(u, 0, u, 1, n - 1), 0.01);
        // Successive draws of one key, and the same draw of neighbouring epochs.
        double[] second = new double[n];
        double[] nextEpoch = new double[n];
        for (int i = 0; i < n; i++) {
            second[i] = draw(42, 0, i, RandomPurpose.AUGMENT, 1);
            nextEpoch[i] = draw(42, 1, i, RandomPurpose.AUGMENT, 0);
        }
        assertEquals(0, correlation(u, 0, second, 0, n), 0.01);
        assertEquals(0, correlation(u, 0, nextEpoch, 0, n), 0.01);
    }

    @Test
    void belowCoversItsRangeEvenly() {
        int bound = 7;
        int[] counts = new int[bound];
        SampleRandom random = SampleRandom.of(1, 2, 3, RandomPurpose.ORDER);
        int n = 70_000;
        for (int k = 0; k < n; k++) {
            counts[random.below(bound, k)]++;
        }
        for (int count : counts) {
            assertEquals(n / bound, count, 400);
        }
        assertEquals(0, random.below(1, 5));
        assertThrows(IllegalArgumentException.class, () -> random.below(0, 0));
    }

    private static double correlation(double[] a, int aFrom, double[] b, int bFrom, int n) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[aFrom + i];
            mb += b[bFrom + i];
        }
        ma /= n;
        mb /= n;
        double cov = 0;
        double va = 0;
        double vb = 0;
        for (int i = 0; i < n; i++) {
            double da = a[aFrom + i] - ma;
            double db = b[bFrom + i] - mb;
            cov += da * db;
            va += da * da;
            vb += db * db;
        }
        return cov / Math.sqrt(va * vb);
    }
}
