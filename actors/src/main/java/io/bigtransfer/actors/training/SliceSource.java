package io.bigtransfer.actors.training;

import io.bigtransfer.streams.MicroBatch;
import java.util.concurrent.CompletionStage;

/**
 * A worker's view of its data stream: the next micro-batch, pulled only when the worker is ready
 * for it, so a slow worker slows the stream instead of filling memory.
 */
public interface SliceSource extends AutoCloseable {
    CompletionStage<MicroBatch> next();

    @Override
    void close();
}
