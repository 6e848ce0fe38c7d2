package io.bigtransfer.actors.training;

import io.bigtransfer.backend.ParameterVersion;
import io.bigtransfer.backend.WeightedGradient;
import io.bigtransfer.model.GradientEngine;
import io.bigtransfer.model.GradientResult;
import io.bigtransfer.model.ImageBatch;
import io.bigtransfer.model.TrainingBatch;
import io.bigtransfer.streams.MicroBatch;
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
 * One device's worker: for each step it pulls its slice of the global batch from its own stream
 * and computes the slice's mean gradient with its gradient engine. Engine work runs on the
 * worker's own executor, never on an actor thread, so the actor answers while a step runs.
 */
public final class Worker extends AbstractBehavior<Worker.Command> {

    public interface Command {
    }

    /** Compute the gradient of this worker's slice of global batch {@code step} at these parameters. */
    public record ComputeSlice(long step, ParameterVersion parameters, ActorRef<SliceReply> replyTo)
            implements Command {
    }

    private record Computed(ComputeSlice request, SliceReply reply) implements Command {
    }

    private final int workerIndex;
    private final SliceSource slices;
    private final GradientEngine engine;
    private final Executor engineExecutor;

    private Worker(ActorContext<Command> context, int workerIndex, SliceSource slices, GradientEngine engine,
                   Executor engineExecutor) {
        super(context);
        this.workerIndex = workerIndex;
        this.slices = slices;
        this.engine = engine;
        this.engineExecutor = engineExecutor;
    }

    /** The worker owns {@code slices} and {@code engine} and closes them when it stops. */
    public static Behavior<Command> create(int workerIndex, SliceSource slices, GradientEngine engine,
                                           Executor engineExecutor) {
        return Behaviors.setup(context -> new Worker(context, workerIndex, slices, engine, engineExecutor));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(ComputeSlice.class, this::onComputeSlice)
                .onMessage(Computed.class, this::onComputed)
                .onSignal(PostStop.class, signal -> onStop())
                .build();
    }

    private Behavior<Command> onComputeSlice(ComputeSlice request) {
        CompletableFuture<SliceReply> reply = slices.next().toCompletableFuture()
                .thenApplyAsync(batch -> compute(request, batch), engineExecutor);
        getContext().pipeToSelf(reply, (result, failure) -> new Computed(request, failure == null ? result
                : new SliceReply.SliceFailed(request.step(), workerIndex, Failures.describe(failure))));
        return this;
    }

    private SliceReply compute(ComputeSlice request, MicroBatch batch) {
        if (batch.step() != request.step()) {
            return new SliceReply.SliceFailed(request.step(), workerIndex,
                    "worker " + workerIndex + " has data for step " + batch.step() + " but was asked for step " + request.step());
        }
        ImageBatch images = new ImageBatch(batch.pixels(), batch.count(), batch.height(), batch.width());
        GradientResult result = engine.gradients(request.parameters(),
                new TrainingBatch(images, batch.softTargets(), batch.sampleIndices()));
        return new SliceReply.SliceGradient(request.step(), workerIndex,
                new WeightedGradient(result.exampleCount(), result.meanLoss(), result.meanGradient()));
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
