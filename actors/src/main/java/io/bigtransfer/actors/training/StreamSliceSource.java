package io.bigtransfer.actors.training;

import io.bigtransfer.streams.MicroBatch;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.SinkQueueWithCancel;
import org.apache.pekko.stream.javadsl.Source;

/** A worker's slices from a running stream, pulled one at a time through a queue sink. */
public final class StreamSliceSource implements SliceSource {
    private final SinkQueueWithCancel<MicroBatch> queue;

    public StreamSliceSource(Source<MicroBatch, NotUsed> slices, ActorSystem<?> system) {
        // The queue's own input buffer would otherwise hold 16 slices: the stream's prefetch is the bound.
        this.queue = slices.runWith(Sink.<MicroBatch>queue().withAttributes(Attributes.inputBuffer(1, 1)), system);
    }

    @Override
    public CompletionStage<MicroBatch> next() {
        return queue.pull().thenApply(batch -> batch.orElseThrow(
                () -> new IllegalStateException("the training data stream ended")));
    }

    @Override
    public void close() {
        queue.cancel();
    }
}
