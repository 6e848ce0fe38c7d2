package io.bigtransfer.streams.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class RowPlacementTest {
    private static SampleTask task(int position) {
        return new SampleTask(position / 3, position, 0, position);
    }

    @Test
    void everyBatchSizeTasksShareAFreshArrayInConsecutiveRows() {
        RowPlacement placement = new RowPlacement(3, 12);
        PlacedTask[] placed = new PlacedTask[7];
        for (int p = 0; p < placed.length; p++) {
            placed[p] = placement.place(task(p));
            assertEquals(p % 3, placed[p].slot());
            assertEquals(p, placed[p].task().position());
        }
        assertSame(placed[0].rows(), placed[2].rows());
        assertNotSame(placed[2].rows(), placed[3].rows());
        assertSame(placed[3].rows(), placed[5].rows());
        assertNotSame(placed[5].rows(), placed[6].rows());
        assertEquals(36, placed[0].rows().pixels().length);
        assertEquals(24, placed[6].rows().offset(placed[6].slot() + 2));
    }
}
