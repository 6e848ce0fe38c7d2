package io.bigtransfer.streams.internal;

/**
 * Gives consecutive tasks consecutive rows, {@code batchSize} tasks to a fresh {@link BatchRows}:
 * the same grouping as the batches that are assembled downstream, so every batch finds its
 * samples in one array. One instance per materialized stream.
 */
final class RowPlacement {
    private final int batchSize;
    private final int rowSize;
    private BatchRows current;
    private int nextSlot;

    RowPlacement(int batchSize, int rowSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        this.batchSize = batchSize;
        this.rowSize = rowSize;
        this.nextSlot = batchSize;
    }

    PlacedTask place(SampleTask task) {
        if (nextSlot == batchSize) {
            current = new BatchRows(batchSize, rowSize);
            nextSlot = 0;
        }
        return new PlacedTask(task, current, nextSlot++);
    }
}
