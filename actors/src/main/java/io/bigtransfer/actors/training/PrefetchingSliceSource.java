package io.bigtransfer.actors.training;

import io.bigtransfer.streams.MicroBatch;
import io.bigtransfer.streams.TrainingRanges;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * Slices decoded ahead of the worker: when asked for rows [from, to) of step t it also starts
 * decoding the same rows of the next {@code depth} steps, betting that the set of workers stays as
 * it is. A lost bet (workers joined or left, so the rows moved) costs one slice decoded in the
 * foreground; memory stays bounded by {@code depth} slices either way.
 */
public final class PrefetchingSliceSource implements SliceSource {
    /** Steps decoded ahead: enough to hide a slice's decoding behind one step even when one step decodes slowly. */
    public static final int DEPTH = 2;

    private record Rows(long step, int from, int to) {
    }

    private final TrainingRanges ranges;
    private final ActorSystem<?> system;
    private final int depth;
    private final Map<Rows, CompletableFuture<MicroBatch>> ahead = new HashMap<>();
    private boolean closed;

    public PrefetchingSliceSource(TrainingRanges ranges, ActorSystem<?> system, int depth) {
        if (depth < 0) {
            throw new IllegalArgumentException("the prefetch depth must not be negative, got " + depth);
        }
        this.ranges = ranges;
        this.system = system;
        this.depth = depth;
    }

    @Override
    public synchronized CompletionStage<MicroBatch> slice(long step, int from, int to) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the worker's data source is closed"));
        }
        Rows wanted = new Rows(step, from, to);
        CompletableFuture<MicroBatch> batch = ahead.remove(wanted);
        if (batch == null) {
            batch = decode(wanted);
        }
        Map<Rows, CompletableFuture<MicroBatch>> bets = new HashMap<>();
        for (int k = 1; k <= depth; k++) {
            Rows next = new Rows(step + k, from, to);
            CompletableFuture<MicroBatch> started = ahead.get(next);
            bets.put(next, started != null ? started : decode(next));
        }
        // Bets on other rows are lost: forget them, so only the new bets hold memory.
        ahead.clear();
        ahead.putAll(bets);
        return batch;
    }

    private CompletableFuture<MicroBatch> decode(Rows rows) {
        return ranges.range(rows.step(), rows.from(), rows.to()).runWith(Sink.head(), system).toCompletableFuture();
    }

    @Override
    public synchronized void close() {
        closed = true;
        ahead.clear();
    }
}
