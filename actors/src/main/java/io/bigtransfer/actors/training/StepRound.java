package io.bigtransfer.actors.training;

import io.bigtransfer.backend.ParameterVersion;
import io.bigtransfer.backend.WeightedGradient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The scatter-gather of one training step. The global batch is cut into one contiguous range of
 * rows per worker (as even as the row granularity allows) and range i goes to worker i. A worker
 * that stops, or that is still computing a straggler deadline after the last range arrived, is
 * given up on and its ranges go to the workers with the least to do. A range is the same rows
 * whoever computes it, so a recomputed range changes who computes, never what: the step is applied
 * once, with the gradients of the ranges in range order (the fixed order of the reduction). The
 * answer is the gathered slices, or the reason the step could not complete (a worker's computation
 * failed, no worker is left, or the step deadline passed).
 */
public final class StepRound extends AbstractBehavior<StepRound.Command> {

    public interface Command {
    }

    /** The answer of a round. */
    public sealed interface Outcome {
        long step();
    }

    /** The slices in range order, and the stragglers given up on (still running, no longer wanted). */
    public record Gathered(long step, List<WeightedGradient> slices, List<Dropped> dropped) implements Outcome {
    }

    public record Failed(long step, String reason) implements Outcome {
    }

    public record Dropped(WorkerMember worker, String reason) {
    }

    /** The shape of a round: how rows are cut and how long workers may take. */
    public record Limits(int globalBatch, int rowGranularity, Duration stragglerDeadline, Duration stepDeadline) {
        public Limits {
            if (globalBatch <= 0 || rowGranularity <= 0 || globalBatch % rowGranularity != 0) {
                throw new IllegalArgumentException("a global batch of " + globalBatch + " cannot be cut into ranges of "
                        + rowGranularity + " rows");
            }
        }
    }

    private record WrappedReply(SliceReply reply) implements Command {
    }

    private record StepDeadline() implements Command {
    }

    private record StragglerDeadline() implements Command {
    }

    private record WorkerStopped(int worker) implements Command {
    }

    private final long step;
    private final ParameterVersion parameters;
    private final List<WorkerMember> workers;
    private final Limits limits;
    private final TimerScheduler<Command> timers;
    private final ActorRef<Outcome> replyTo;
    private final ActorRef<SliceReply> replies;
    private final int[][] ranges;
    private final WeightedGradient[] slices;
    private final boolean[] givenUp;
    /** Per worker, the ranges it was asked for that have not arrived yet. */
    private final List<Set<Integer>> pending = new ArrayList<>();
    private final List<Dropped> dropped = new ArrayList<>();
    private int missing;

    private StepRound(ActorContext<Command> context, TimerScheduler<Command> timers, long step,
                      ParameterVersion parameters, List<WorkerMember> workers, Limits limits,
                      ActorRef<Outcome> replyTo) {
        super(context);
        this.step = step;
        this.parameters = parameters;
        this.workers = List.copyOf(workers);
        this.limits = limits;
        this.timers = timers;
        this.replyTo = replyTo;
        this.ranges = cut(limits.globalBatch(), limits.rowGranularity(), workers.size());
        this.slices = new WeightedGradient[ranges.length];
        this.givenUp = new boolean[workers.size()];
        this.missing = ranges.length;
        timers.startSingleTimer(new StepDeadline(), limits.stepDeadline());
        // One adapter serves all workers (Pekko keeps one per message class): a reply names its range and worker.
        this.replies = context.messageAdapter(SliceReply.class, WrappedReply::new);
        for (int w = 0; w < workers.size(); w++) {
            pending.add(new LinkedHashSet<>());
            context.watchWith(workers.get(w).ref(), new WorkerStopped(w));
        }
        for (int r = 0; r < ranges.length; r++) {
            ask(r, r);
        }
    }

    /** Fails at once with no workers: a round needs at least one. */
    public static Behavior<Command> create(long step, ParameterVersion parameters, List<WorkerMember> workers,
                                           Limits limits, ActorRef<Outcome> replyTo) {
        if (workers.isEmpty()) {
            throw new IllegalArgumentException("a step needs at least one worker");
        }
        return Behaviors.setup(context -> Behaviors.withTimers(timers ->
                new StepRound(context, timers, step, parameters, workers, limits, replyTo)));
    }

    /**
     * Rows [0, batch) cut into {@code min(parts, batch / granularity)} contiguous ranges whose
     * bounds are multiples of {@code granularity}, their sizes differing by at most one granularity.
     */
    static int[][] cut(int batch, int granularity, int parts) {
        int units = batch / granularity;
        int count = Math.min(parts, units);
        int[][] ranges = new int[count][];
        for (int r = 0; r < count; r++) {
            ranges[r] = new int[] {granularity * (int) ((long) units * r / count),
                    granularity * (int) ((long) units * (r + 1) / count)};
        }
        return ranges;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(WrappedReply.class, this::onReply)
                .onMessage(StepDeadline.class, this::onStepDeadline)
                .onMessage(StragglerDeadline.class, this::onStragglerDeadline)
                .onMessage(WorkerStopped.class, this::onWorkerStopped)
                .build();
    }

    private void ask(int range, int worker) {
        pending.get(worker).add(range);
        workers.get(worker).ref().tell(new Worker.ComputeSlice(step, range, ranges[range][0], ranges[range][1],
                parameters, replies));
    }

    private Behavior<Command> onReply(WrappedReply wrapped) {
        SliceReply reply = wrapped.reply();
        int range = reply.range();
        if (reply.step() != step || range < 0 || range >= ranges.length) {
            return fail("a reply for range " + range + " of step " + reply.step() + " does not fit step " + step
                    + " of " + ranges.length + " ranges");
        }
        if (reply instanceof SliceReply.SliceFailed failed) {
            return fail(nameOf(reply.worker()) + " failed at step " + step + ": " + failed.reason());
        }
        pending.forEach(asked -> asked.remove(range));
        if (slices[range] != null) {
            // A range recomputed elsewhere arrived twice: the same rows, so either answer is the answer.
            return this;
        }
        slices[range] = ((SliceReply.SliceGradient) reply).gradient();
        if (--missing > 0) {
            timers.startSingleTimer(new StragglerDeadline(), limits.stragglerDeadline());
            return this;
        }
        replyTo.tell(new Gathered(step, Arrays.asList(slices), List.copyOf(dropped)));
        return Behaviors.stopped();
    }

    private Behavior<Command> onStepDeadline(StepDeadline deadline) {
        return fail("step " + step + " missed its deadline of " + limits.stepDeadline().toSeconds() + " s: " + missing
                + " of " + ranges.length + " range(s) did not arrive");
    }

    /** Gives up on the workers still computing, if any worker is free to take their ranges over. */
    private Behavior<Command> onStragglerDeadline(StragglerDeadline deadline) {
        List<Integer> stragglers = new ArrayList<>();
        boolean anyFree = false;
        for (int w = 0; w < workers.size(); w++) {
            if (!givenUp[w]) {
                if (pending.get(w).isEmpty()) {
                    anyFree = true;
                } else {
                    stragglers.add(w);
                }
            }
        }
        if (!anyFree) {
            // Every worker left is busy: they are slow together, not straggling; the step deadline still holds.
            return this;
        }
        for (int w : stragglers) {
            givenUp[w] = true;
            dropped.add(new Dropped(workers.get(w), "it was still computing step " + step + " "
                    + limits.stragglerDeadline().toSeconds() + " s after another worker's last answer"));
        }
        for (int w : stragglers) {
            reassign(w);
        }
        timers.startSingleTimer(new StragglerDeadline(), limits.stragglerDeadline());
        return this;
    }

    private Behavior<Command> onWorkerStopped(WorkerStopped stopped) {
        if (givenUp[stopped.worker()]) {
            return this;
        }
        givenUp[stopped.worker()] = true;
        return reassign(stopped.worker());
    }

    /** Hands the unfinished ranges of a worker given up on to the live workers with the least to do. */
    private Behavior<Command> reassign(int worker) {
        List<Integer> orphans = new ArrayList<>(pending.get(worker));
        pending.get(worker).clear();
        for (int range : orphans) {
            int target = -1;
            for (int w = 0; w < workers.size(); w++) {
                if (!givenUp[w] && (target < 0 || pending.get(w).size() < pending.get(target).size())) {
                    target = w;
                }
            }
            if (target < 0) {
                return fail("no worker is left to compute step " + step + ": " + missing + " of " + ranges.length
                        + " range(s) are missing");
            }
            ask(range, target);
        }
        return this;
    }

    private String nameOf(ActorRef<Worker.Command> worker) {
        return workers.stream().filter(member -> member.ref().equals(worker)).map(WorkerMember::name).findFirst()
                .orElse("an unknown worker");
    }

    private Behavior<Command> fail(String reason) {
        replyTo.tell(new Failed(step, reason));
        return Behaviors.stopped();
    }
}
