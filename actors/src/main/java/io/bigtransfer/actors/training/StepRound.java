package io.bigtransfer.actors.training;

import io.bigtransfer.backend.ParameterVersion;
import io.bigtransfer.backend.WeightedGradient;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The scatter-gather of one training step: asks every worker for the gradient of its slice, and
 * answers once, with the slices in worker order (the fixed order of the reduction), or with the
 * reason the step could not complete (a worker failed, stopped, or missed the deadline).
 */
public final class StepRound extends AbstractBehavior<StepRound.Command> {

    public interface Command {
    }

    /** The answer of a round. */
    public sealed interface Outcome {
        long step();
    }

    public record Gathered(long step, List<WeightedGradient> slices) implements Outcome {
    }

    public record Failed(long step, String reason) implements Outcome {
    }

    private record WrappedReply(SliceReply reply) implements Command {
    }

    private record Deadline() implements Command {
    }

    private record WorkerStopped(int workerIndex) implements Command {
    }

    private final long step;
    private final ActorRef<Outcome> replyTo;
    private final WeightedGradient[] slices;
    private int missing;

    private StepRound(ActorContext<Command> context, TimerScheduler<Command> timers, long step,
                      ParameterVersion parameters, List<ActorRef<Worker.Command>> workers, Duration deadline,
                      ActorRef<Outcome> replyTo) {
        super(context);
        this.step = step;
        this.replyTo = replyTo;
        this.slices = new WeightedGradient[workers.size()];
        this.missing = workers.size();
        timers.startSingleTimer(new Deadline(), deadline);
        // One adapter serves all workers (Pekko keeps one per message class): a reply names its worker.
        ActorRef<SliceReply> replies = context.messageAdapter(SliceReply.class, WrappedReply::new);
        for (int i = 0; i < workers.size(); i++) {
            context.watchWith(workers.get(i), new WorkerStopped(i));
            workers.get(i).tell(new Worker.ComputeSlice(step, parameters, replies));
        }
    }

    public static Behavior<Command> create(long step, ParameterVersion parameters,
                                           List<ActorRef<Worker.Command>> workers, Duration deadline,
                                           ActorRef<Outcome> replyTo) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers ->
                new StepRound(context, timers, step, parameters, workers, deadline, replyTo)));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(WrappedReply.class, this::onReply)
                .onMessage(Deadline.class, this::onDeadline)
                .onMessage(WorkerStopped.class, this::onWorkerStopped)
                .build();
    }

    private Behavior<Command> onReply(WrappedReply wrapped) {
        SliceReply reply = wrapped.reply();
        int worker = reply.workerIndex();
        if (reply instanceof SliceReply.SliceFailed failed) {
            return fail("worker " + worker + " failed at step " + step + ": " + failed.reason());
        }
        if (reply.step() != step || worker < 0 || worker >= slices.length || slices[worker] != null) {
            return fail("a reply for worker " + worker + " and step " + reply.step() + " does not fit step " + step
                    + " of " + slices.length + " workers");
        }
        slices[worker] = ((SliceReply.SliceGradient) reply).gradient();
        if (--missing > 0) {
            return this;
        }
        replyTo.tell(new Gathered(step, Arrays.asList(slices)));
        return Behaviors.stopped();
    }

    private Behavior<Command> onDeadline(Deadline deadline) {
        return fail("step " + step + " missed its deadline: " + missing + " worker(s) did not answer");
    }

    private Behavior<Command> onWorkerStopped(WorkerStopped stopped) {
        return fail("worker " + stopped.workerIndex() + " stopped during step " + step);
    }

    private Behavior<Command> fail(String reason) {
        replyTo.tell(new Failed(step, reason));
        return Behaviors.stopped();
    }
}
