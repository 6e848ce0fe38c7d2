package io.bigtransfer.streams.internal;

/** A sample task with the batch row its pixels go to. */
record PlacedTask(SampleTask task, BatchRows rows, int slot) {
}
