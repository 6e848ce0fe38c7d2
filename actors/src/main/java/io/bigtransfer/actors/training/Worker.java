package io.bigtransfer.actors.training;

import io.bigtransfer.backend.GradientReduction;
import io.bigtransfer.backend.ParameterVersion;
import io.bigtransfer.backend.WeightedGradient;
import io.bigtransfer.model.GradientEngine;
import io.bigtransfer.model.GradientResult;
import io.bigtransfer.model.ImageBatch;
import io.bigtransfer.model.TrainingBatch;
import io.bigtransfer.streams.MicroBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * One device's worker: for each step it loads the rows of the global batch it is given and
 * computes their mean gradient with its gradient engine, in {@code batchSplit}
 * micro-batches whose gradients are combined weighted by their example counts (gradient
 * accumulation: the same mean gradient, with the activations of only one micro-batch in memory).
 * Engine work runs on the worker's own executor, never on an actor thread, so the actor answers
 * while a step runs.
 */
public final class Worker extends AbstractBehavior<Worker.Command> {

    public interface Command {
    }

    /**
     * Compute the mean gradient of rows [from, to) of global batch {@code step} at these parameters;
     * {@code range} numbers those rows in the round, and the reply carries it back.
     */
    public record ComputeSlice(long step, int range, int from, int to, ParameterVersion parameters,
                               ActorRef<SliceReply> replyTo) implements Command {
    }

    /** The coordinator gave up on this worker (it straggled): stop, releasing the engine and the data. */
    public record Retire() implements Command {
    }

    private record Computed(ComputeSlice request, SliceReply reply) implements Command {
    }

    private final String name;
    private final SliceSource slices;
    private final GradientEngine engine;
    private final Executor engineExecutor;
    private final int batchSplit;

    private Worker(ActorContext<Command> context, String name, SliceSource slices, GradientEngine engine,
                   Executor engineExecutor, int batchSplit) {
        super(context);
        this.name = name;
        this.slices = slices;
        this.engine = engine;
        this.engineExecutor = engineExecutor;
        this.batchSplit = batchSplit;
    }

    /**
     * A worker named {@code name} (in messages) that computes each slice in {@code batchSplit}
     * micro-batches; it owns {@code slices} and {@code engine} and closes them when it stops.
     */
    public static Behavior<Command> create(String name, SliceSource slices, GradientEngine engine,
                                           Executor engineExecutor, int batchSplit) {
        if (batchSplit < 1) {
            throw new IllegalArgumentException("batch split must be positive, got " + batchSplit);
        }
        return Behaviors.setup(context -> new Worker(context, name, slices, engine, engineExecutor, batchSplit));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(ComputeSlice.class, this::onComputeSlice)
                .onMessage(Computed.class, this::onComputed)
                .onMessage(Retire.class, retire -> Behaviors.stopped())
                .onSignal(PostStop.class, signal -> onStop())
                .build();
    }

    private Behavior<Command> onComputeSlice(ComputeSlice request) {
        ActorRef<Command> self = getContext().getSelf();
        CompletableFuture<SliceReply> reply;
        try {
            reply = slices.slice(request.step(), request.from(), request.to()).toCompletableFuture()
                    .thenApplyAsync(batch -> compute(request, batch, self), engineExecutor);
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        getContext().pipeToSelf(reply, (result, failure) -> new Computed(request, failure == null ? result
                : new SliceReply.SliceFailed(request.step(), request.range(), self, name + ": "
                + Failures.describe(failure))));
        return this;
    }

    private SliceReply compute(ComputeSlice request, MicroBatch batch, ActorRef<Command> self) {
        if (batchSplit == 1 || batch.count() == 0) {
            return new SliceReply.SliceGradient(request.step(), request.range(), self,
                    gradient(request, batch, 0, batch.count()));
        }
        // Rows skipped as bad inputs shorten the slice: split what arrived as evenly as possible.
        List<WeightedGradient> parts = new ArrayList<>(batchSplit);
        for (int part = 0; part < batchSplit; part++) {
            int from = (int) ((long) batch.count() * part / batchSplit);
            int to = (int) ((long) batch.count() * (part + 1) / batchSplit);
            parts.add(gradient(request, batch, from, to));
        }
        return new SliceReply.SliceGradient(request.step(), request.range(), self, GradientReduction.weightedMean(parts));
    }

    /** The gradient of rows [from, to) of {@code batch}. */
    private WeightedGradient gradient(ComputeSlice request, MicroBatch batch, int from, int to) {
        int pixelsPerRow = batch.height() * batch.width() * ImageBatch.CHANNELS;
        ImageBatch images = new ImageBatch(rows(batch.pixels(), pixelsPerRow, from, to), to - from, batch.height(),
                batch.width());
        GradientResult result = engine.gradients(request.parameters(), new TrainingBatch(images,
                rows(batch.softTargets(), batch.classes(), from, to),
                Arrays.copyOfRange(batch.sampleIndices(), from, to)));
        return new WeightedGradient(result.exampleCount(), result.meanLoss(), result.meanGradient());
    }

    private static float[] rows(float[] values, int rowSize, int from, int to) {
        if (from == 0 && (long) to * rowSize == values.length) {
            return values;
        }
        return Arrays.copyOfRange(values, from * rowSize, to * rowSize);
    }

    private Behavior<Command> onComputed(Computed computed) {
        computed.request().replyTo().tell(computed.reply());
        return this;
    }

    private Behavior<Command> onStop() {
        slices.close();
        // On the engine's own thread, so a computation still running finishes first.
        engineExecutor.execute(engine::close);
        return this;
    }
}
