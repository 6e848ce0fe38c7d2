package io.bigtransfer.actors.training;

import io.bigtransfer.backend.WeightedGradient;

/** A worker's answer for its slice of one global batch: the slice's mean gradient, or why it has none. */
public sealed interface SliceReply {
    long step();

    int workerIndex();

    record SliceGradient(long step, int workerIndex, WeightedGradient gradient) implements SliceReply {
    }

    record SliceFailed(long step, int workerIndex, String reason) implements SliceReply {
    }
}
