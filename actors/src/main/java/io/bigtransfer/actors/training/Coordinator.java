package io.bigtransfer.actors.training;

import io.bigtransfer.backend.GradientReduction;
import io.bigtransfer.backend.WeightedGradient;
import io.bigtransfer.model.EvaluationReport;
import io.bigtransfer.model.OptimizerState;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Drives training: one {@link StepRound} per step gathers the workers' slice gradients, which are
 * reduced in worker order weighted by example count; the SGD step runs on the compute executor;
 * evaluation and checkpoints follow when due. All heavy work runs off the actor, so status
 * requests are answered while a step runs.
 */
public final class Coordinator extends AbstractBehavior<Coordinator.Command> {

    public interface Command {
    }

    public record GetStatus(ActorRef<Status> replyTo) implements Command {
    }

    /** Finish the step in progress, write a checkpoint of it, and stop ({@link TrainingEvent.Stopped}). */
    public record StopAfterStep() implements Command {
    }

    /** {@code step} counts applied steps; {@code phase} is what the coordinator waits for now. */
    public record Status(long step, long totalSteps, String phase, double lastLoss) {
    }

    private record RoundFinished(StepRound.Outcome outcome) implements Command {
    }

    private record StepApplied(OptimizerState state, WeightedGradient reduced, double lr) implements Command {
    }

    private record EvaluationFinished(EvaluationReport report) implements Command {
    }

    private record CheckpointFinished(long step, String location, double writeSeconds) implements Command {
    }

    private record WorkFailed(String what, Throwable cause) implements Command {
    }

    private final TrainingPlan plan;
    private final List<ActorRef<Worker.Command>> workers;
    private final Optional<Evaluation> evaluation;
    private final Optional<CheckpointSink> checkpoints;
    private final ActorRef<TrainingEvent> listener;
    private final Executor computeExecutor;
    private final ActorRef<StepRound.Outcome> roundAdapter;
    private OptimizerState state;
    private long step;
    private String phase;
    private boolean reportedEnd;
    private boolean stopRequested;
    /** Step whose checkpoint the writer is writing, or -1: one checkpoint is written at a time. */
    private long savingStep = -1;
    private boolean waitingForWriter;
    private long waitStartedNanos;
    private double lastLoss = Double.NaN;
    private long lastEvaluatedStep = -1;
    private long lastCheckpointStep = -1;
    private Optional<EvaluationReport> lastEvaluation = Optional.empty();
    private Optional<String> lastCheckpoint = Optional.empty();

    private Coordinator(ActorContext<Command> context, TrainingPlan plan, OptimizerState initial, long startStep,
                        List<ActorRef<Worker.Command>> workers, Optional<Evaluation> evaluation,
                        Optional<CheckpointSink> checkpoints, ActorRef<TrainingEvent> listener, Executor computeExecutor) {
        super(context);
        this.plan = plan;
        this.state = initial;
        this.step = startStep;
        this.workers = List.copyOf(workers);
        this.evaluation = evaluation;
        this.checkpoints = checkpoints;
        this.listener = listener;
        this.computeExecutor = computeExecutor;
        this.roundAdapter = context.messageAdapter(StepRound.Outcome.class, RoundFinished::new);
        startStep();
    }

    /**
     * Starts training at {@code startStep} applied steps from {@code initial} and tells
     * {@code listener} how it goes; stops after reporting the end ({@link TrainingEvent#isEnd()}).
     */
    public static Behavior<Command> create(TrainingPlan plan, OptimizerState initial, long startStep,
                                           List<ActorRef<Worker.Command>> workers, Optional<Evaluation> evaluation,
                                           Optional<CheckpointSink> checkpoints, ActorRef<TrainingEvent> listener,
                                           Executor computeExecutor) {
        return Behaviors.setup(context -> new Coordinator(context, plan, initial, startStep, workers, evaluation,
                checkpoints, listener, computeExecutor));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(GetStatus.class, this::onGetStatus)
                .onMessage(StopAfterStep.class, this::onStopAfterStep)
                .onMessage(RoundFinished.class, this::onRoundFinished)
                .onMessage(StepApplied.class, this::onStepApplied)
                .onMessage(EvaluationFinished.class, this::onEvaluationFinished)
                .onMessage(CheckpointFinished.class, this::onCheckpointFinished)
                .onMessage(WorkFailed.class, this::onWorkFailed)
                .onSignal(PostStop.class, signal -> onStop())
                .build();
    }

    private Behavior<Command> onGetStatus(GetStatus request) {
        request.replyTo().tell(new Status(step, plan.totalSteps(), phase, lastLoss));
        return this;
    }

    private Behavior<Command> onStopAfterStep(StopAfterStep stop) {
        stopRequested = true;
        return this;
    }

    private void startStep() {
        phase = "training";
        getContext().spawn(StepRound.create(step, state.parameters(), workers, plan.stepDeadline(), roundAdapter),
                "step-" + step);
    }

    private Behavior<Command> onRoundFinished(RoundFinished finished) {
        if (finished.outcome() instanceof StepRound.Failed failed) {
            return fail(failed.reason());
        }
        List<WeightedGradient> slices = ((StepRound.Gathered) finished.outcome()).slices();
        double lr = plan.schedule().at(step);
        OptimizerState current = state;
        CompletableFuture<StepApplied> applied = CompletableFuture.supplyAsync(() -> {
            WeightedGradient reduced = GradientReduction.weightedMean(slices);
            return new StepApplied(plan.optimizer().step(current, reduced.meanGradient(), lr), reduced, lr);
        }, computeExecutor);
        pipe(applied, "the SGD step " + step);
        return this;
    }

    private Behavior<Command> onStepApplied(StepApplied applied) {
        state = applied.state();
        step++;
        lastLoss = applied.reduced().meanLoss();
        listener.tell(new TrainingEvent.StepCompleted(step, plan.totalSteps(), lastLoss, applied.lr(),
                applied.reduced().exampleCount()));
        return continueAfterStep();
    }

    /**
     * Runs what is due after a step, one thing at a time, then the next step or the end. A stop
     * request skips a periodic evaluation but always writes a checkpoint.
     */
    private Behavior<Command> continueAfterStep() {
        if (evaluation.isPresent() && plan.evaluationDue(step) && !stopRequested && lastEvaluatedStep != step) {
            phase = "evaluating";
            pipe(evaluation.get().evaluate(state.parameters()).thenApply(EvaluationFinished::new), "evaluation");
            return this;
        }
        boolean ending = step >= plan.totalSteps() || stopRequested;
        if (checkpoints.isPresent() && (plan.checkpointDue(step) || stopRequested) && lastCheckpointStep != step) {
            if (savingStep >= 0) {
                return waitForWriter();
            }
            startSave();
        }
        if (ending && savingStep >= 0) {
            return waitForWriter();
        }
        if (step >= plan.totalSteps()) {
            phase = "done";
            reportedEnd = true;
            listener.tell(new TrainingEvent.Finished(step, state, lastEvaluation, lastCheckpoint));
            return Behaviors.stopped();
        }
        if (stopRequested) {
            phase = "stopped";
            reportedEnd = true;
            listener.tell(new TrainingEvent.Stopped(step, lastCheckpoint));
            return Behaviors.stopped();
        }
        startStep();
        return this;
    }

    private Behavior<Command> onEvaluationFinished(EvaluationFinished finished) {
        lastEvaluatedStep = step;
        lastEvaluation = Optional.of(finished.report());
        listener.tell(new TrainingEvent.EvaluationCompleted(step, finished.report()));
        return continueAfterStep();
    }

    /**
     * Hands the state after this step to the checkpoint writer; training goes on meanwhile, since a
     * parameter version and its momentum are never written after they are published.
     */
    private void startSave() {
        long savedStep = step;
        savingStep = savedStep;
        long started = System.nanoTime();
        // Only an evaluation of this very step describes the checkpoint (and may make it the best).
        Optional<EvaluationReport> evaluated = lastEvaluatedStep == savedStep ? lastEvaluation : Optional.empty();
        pipe(checkpoints.orElseThrow().save(state, savedStep, evaluated)
                .thenApply(location -> new CheckpointFinished(savedStep, location, (System.nanoTime() - started) / 1e9)),
                "checkpoint of step " + savedStep);
    }

    private Behavior<Command> waitForWriter() {
        phase = "waiting for the checkpoint writer";
        waitingForWriter = true;
        waitStartedNanos = System.nanoTime();
        return this;
    }

    private Behavior<Command> onCheckpointFinished(CheckpointFinished finished) {
        savingStep = -1;
        lastCheckpointStep = finished.step();
        lastCheckpoint = Optional.of(finished.location());
        double waited = waitingForWriter ? (System.nanoTime() - waitStartedNanos) / 1e9 : 0;
        listener.tell(new TrainingEvent.CheckpointSaved(finished.step(), finished.location(), finished.writeSeconds(),
                waited));
        if (!waitingForWriter) {
            return this;
        }
        waitingForWriter = false;
        return continueAfterStep();
    }

    private Behavior<Command> onWorkFailed(WorkFailed failed) {
        return fail(failed.what() + " failed: " + Failures.describe(failed.cause()));
    }

    private Behavior<Command> fail(String reason) {
        phase = "failed";
        reportedEnd = true;
        listener.tell(new TrainingEvent.Failed(reason));
        return Behaviors.stopped();
    }

    /** A coordinator that stops without having reported the end (an exception) still reports one. */
    private Behavior<Command> onStop() {
        if (!reportedEnd) {
            listener.tell(new TrainingEvent.Failed("the coordinator stopped at step " + step + " after an internal error"));
        }
        return this;
    }

    private <T extends Command> void pipe(CompletionStage<T> work, String what) {
        getContext().pipeToSelf(work, (result, failure) -> failure == null ? result : new WorkFailed(what, failure));
    }
}
