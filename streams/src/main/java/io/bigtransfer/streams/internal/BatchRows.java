package io.bigtransfer.streams.internal;

/**
 * The pixel rows of one batch in the making: each sample of the batch is rendered straight into
 * its own row, from whichever decode thread loads it, so no sample needs an array of its own and
 * no copy packs the batch. Rows are disjoint, so the threads never write the same values.
 */
final class BatchRows {
    private final float[] pixels;
    private final int rowSize;

    BatchRows(int capacity, int rowSize) {
        this.pixels = new float[Math.multiplyExact(capacity, rowSize)];
        this.rowSize = rowSize;
    }

    float[] pixels() {
        return pixels;
    }

    int rowSize() {
        return rowSize;
    }

    /** Where row {@code slot} starts in {@link #pixels()}. */
    int offset(int slot) {
        return slot * rowSize;
    }
}
