package io.bigtransfer.actors.training;

import io.bigtransfer.streams.MicroBatch;
import java.util.concurrent.CompletionStage;

/**
 * A worker's access to the training data: rows [from, to) of global batch t, whichever rows the
 * coordinator hands it for that step.
 */
public interface SliceSource extends AutoCloseable {
    CompletionStage<MicroBatch> slice(long step, int from, int to);

    @Override
    void close();
}
