package io.bigtransfer.actors.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeapTrendTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void growthIsTheLastReportMinusTheFirstWhateverLiesBetween() {
        HeapTrend trend = HeapTrend.of(List.of(new HeapTrend.Point(100_000, 30 * MIB),
                new HeapTrend.Point(200_000, 31 * MIB), new HeapTrend.Point(300_000, 29 * MIB),
                new HeapTrend.Point(400_000, 40 * MIB)));
        assertEquals(10.0, trend.growthMb(), 1e-12);
        assertEquals(11.0, trend.spreadMb(), 1e-12);
        // 10 MiB over the 300,000 images between the first report and the last.
        assertEquals(10.0 * MIB / 300_000, trend.bytesPerImage(), 1e-9);
        assertEquals(34.952533, trend.bytesPerImage(), 1e-6);
        assertTrue(trend.flat());
    }

    @Test
    void theBoundIsInclusiveAndAShrinkingHeapIsFlat() {
        assertTrue(HeapTrend.of(List.of(new HeapTrend.Point(1, 20 * MIB), new HeapTrend.Point(2, 36 * MIB))).flat());
        assertFalse(HeapTrend.of(List.of(new HeapTrend.Point(1, 20 * MIB),
                new HeapTrend.Point(2, 36 * MIB + 1))).flat());
        HeapTrend shrinking = HeapTrend.of(List.of(new HeapTrend.Point(10, 50 * MIB), new HeapTrend.Point(20, 40 * MIB)));
        assertEquals(-10.0, shrinking.growthMb(), 1e-12);
        assertEquals(-MIB, shrinking.bytesPerImage(), 1e-9);
        assertTrue(shrinking.flat());
    }

    @Test
    void oneReportHasNoGrowthAndNoRate() {
        HeapTrend trend = HeapTrend.of(List.of(new HeapTrend.Point(500, 12 * MIB)));
        assertEquals(0.0, trend.growthMb());
        assertEquals(0.0, trend.spreadMb());
        assertTrue(Double.isNaN(trend.bytesPerImage()));
        assertTrue(trend.flat());
        assertThrows(IllegalArgumentException.class, () -> HeapTrend.of(List.of()));
    }
}
