package io.bigtransfer.streams.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bigtransfer.streams.MicroBatch;
import io.bigtransfer.streams.Mixup;
import io.bigtransfer.streams.SkipReason;
import io.bigtransfer.streams.SkippedSample;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchAssemblerTest {
    private static final long SEED = 9;
    private static final long STEP = 2;

    /** Rows of 1 x 1 images for a slice of up to four samples. */
    private final BatchRows rows = new BatchRows(4, 3);

    /**
     * Slice sample k of step 2 (positions 4..7), rendered into row k: a 1 x 1 image with the
     * values base, base + 1, base + 2.
     */
    private LoadedSample decoded(int k, int label, float base) {
        for (int c = 0; c < 3; c++) {
            rows.pixels()[rows.offset(k) + c] = base + c;
        }
        return LoadedSample.decoded(new PlacedTask(task(k), rows, k), label);
    }

    /** Slice sample k, skipped: its row stays as it was. */
    private LoadedSample skipped(int k, int label) {
        return LoadedSample.skipped(new PlacedTask(task(k), rows, k), label, SkipReason.CORRUPT);
    }

    private static SampleTask task(int k) {
        return new SampleTask(STEP, 4 + k, 0, 100 + k);
    }

    @Test
    void withoutMixupRowsAreTheSamplesWithOneHotTargets() {
        MicroBatch batch = new BatchAssembler(1, 3, SEED, 0).assemble(
                List.of(decoded(0, 0, 0), decoded(1, 2, 10)));
        assertArrayEquals(new float[] {0, 1, 2, 10, 11, 12}, batch.pixels());
        assertArrayEquals(new float[] {1, 0, 0, 0, 0, 1}, batch.softTargets());
    }

    @Test
    void mixupMixesPixelsAndTargetsOfPairsAndKeepsTheOwnLabels() {
        double alpha = 0.2;
        double l = Mixup.lambda(SEED, STEP, alpha);
        MicroBatch batch = new BatchAssembler(1, 3, SEED, alpha).assemble(
                List.of(decoded(0, 0, 0), decoded(1, 2, 10), decoded(2, 1, 20), decoded(3, 1, 30)));

        float m = (float) (1 - l);
        float lf = (float) l;
        // Samples 0 (class 0) and 1 (class 2) trade weights; 2 and 3 share class 1, so their targets stay one-hot.
        assertArrayEquals(new float[] {lf, 0, m, m, 0, lf, 0, 1, 0, 0, 1, 0}, batch.softTargets(), 1e-6f);
        // Pixel v of sample 0 is v, of sample 1 v + 10: l * v + (1 - l) * (v + 10) = v + 10 (1 - l).
        float[] expected = {
            10 * m, 1 + 10 * m, 2 + 10 * m,
            10 * lf, 11 - 10 * m, 12 - 10 * m,
            20 + 10 * m, 21 + 10 * m, 22 + 10 * m,
            20 + 10 * lf, 21 + 10 * lf, 22 + 10 * lf};
        assertArrayEquals(expected, batch.pixels(), 1e-4f);
        assertArrayEquals(new int[] {0, 2, 1, 1}, batch.labels());
        assertArrayEquals(new long[] {100, 101, 102, 103}, batch.sampleIndices());
    }

    @Test
    void underMixupTheSurvivorOfAPairWithASkippedSampleIsUnmixed() {
        double alpha = 0.2;
        float m = (float) (1 - Mixup.lambda(SEED, STEP, alpha));
        MicroBatch batch = new BatchAssembler(1, 2, SEED, alpha).assemble(List.of(
                decoded(0, 0, 0), skipped(1, 1),
                decoded(2, 0, 20), decoded(3, 1, 30)));

        assertEquals(3, batch.count());
        assertEquals(List.of(new SkippedSample(101, SkipReason.CORRUPT)), batch.skipped());
        // Sample 0 keeps its values; 2 (base 20) and 3 (base 30) mix: v + 20 + 10 (1 - l) and v + 20 + 10 l.
        assertArrayEquals(new float[] {0, 1, 2, 20 + 10 * m, 21 + 10 * m, 22 + 10 * m, 30 - 10 * m, 31 - 10 * m,
            32 - 10 * m}, batch.pixels(), 1e-4f);
        assertArrayEquals(new float[] {1, 0, 1 - m, m, m, 1 - m}, batch.softTargets(), 1e-6f);
    }
}
