package io.bigtransfer.actors.training;

import io.bigtransfer.backend.GradientReduction;
import io.bigtransfer.backend.WeightedGradient;
import io.bigtransfer.model.EvaluationReport;
import io.bigtransfer.model.OptimizerState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * reduced in range order weighted by example count; the SGD step runs on the compute executor;
 * evaluation and checkpoints follow when due. All heavy work runs off the actor, so status
 * requests are answered while a step runs. The workers are a changing set: one that joins
 * ({@link AddWorker}) takes part from the next step, one that stops or straggles leaves it, and a
 * step starts only while at least one worker (before the run's first step: the plan's
 * {@code awaitWorkers}) takes part.
 */
public final class Coordinator extends AbstractBehavior<Coordinator.Command> {

    public interface Command {
    }

    public record GetStatus(ActorRef<Status> replyTo) implements Command {
    }

    /** Finish the step in progress, write a checkpoint of it, and stop ({@link TrainingEvent.Stopped}). */
    public record StopAfterStep() implements Command {
    }

    /** Stop starting steps after the one in progress (and what is due after it) until {@link Resume}. */
    public record Pause(ActorRef<ControlReply> replyTo) implements Command {
    }

    public record Resume(ActorRef<ControlReply> replyTo) implements Command {
    }

    /**
     * Run the next step at {@code lr}; the schedule goes on, multiplied by the same factor. Refused
     * where the schedule's own rate for that step is 0 (the first warmup step), which no factor scales.
     */
    public record SetLearningRate(double lr, ActorRef<ControlReply> replyTo) implements Command {
    }

    /** Write a checkpoint after the step in progress (at once when paused). */
    public record SaveNow(ActorRef<ControlReply> replyTo) implements Command {
    }

    /** Evaluate after the step in progress (at once when paused). */
    public record EvaluateNow(ActorRef<ControlReply> replyTo) implements Command {
    }

    /** A worker joins the run: it takes part from the next step on, until it stops or straggles. */
    public record AddWorker(WorkerMember worker) implements Command {
    }

    /** Whether an operator's command was taken, and what it will do, in one sentence. */
    public record ControlReply(boolean accepted, String message) {
    }

    /**
     * {@code step} counts applied steps; {@code phase} is what the coordinator waits for now;
     * {@code learningRateScale} is the operator's multiplier of the schedule (1 unless changed).
     */
    public record Status(long step, long totalSteps, String phase, double lastLoss, boolean paused,
                         double learningRateScale, List<String> workers) {
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

    private record WorkerStopped(WorkerMember worker) implements Command {
    }

    private final TrainingPlan plan;
    /** In the order they joined: the order ranges are handed out in. */
    private final List<WorkerMember> workers = new ArrayList<>();
    private final Optional<Evaluation> evaluation;
    private final Optional<CheckpointSink> checkpoints;
    private final ActorRef<TrainingEvent> listener;
    private final Executor computeExecutor;
    private final ActorRef<StepRound.Outcome> roundAdapter;
    private OptimizerState state;
    private final long firstStep;
    private long step;
    private String phase;
    private boolean reportedEnd;
    private boolean stopRequested;
    private boolean pauseRequested;
    /** Paused and idle: no step, evaluation or save of the coordinator's own is under way. */
    private boolean idle;
    private boolean pauseAnnounced;
    /** Idle until enough workers take part to start a step. */
    private boolean waitingForWorkers;
    /** Between a round's end and its SGD step: that step's learning rate is already chosen. */
    private boolean learningRateFixed;
    private boolean saveRequested;
    private boolean evaluationRequested;
    private double learningRateScale;
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
                        double learningRateScale, boolean startPaused, List<WorkerMember> workers,
                        Optional<Evaluation> evaluation, Optional<CheckpointSink> checkpoints,
                        ActorRef<TrainingEvent> listener, Executor computeExecutor) {
        super(context);
        this.plan = plan;
        this.state = initial;
        this.firstStep = startStep;
        this.step = startStep;
        this.learningRateScale = learningRateScale;
        for (WorkerMember worker : workers) {
            join(worker);
        }
        this.evaluation = evaluation;
        this.checkpoints = checkpoints;
        this.listener = listener;
        this.computeExecutor = computeExecutor;
        this.roundAdapter = context.messageAdapter(StepRound.Outcome.class, RoundFinished::new);
        if (startPaused) {
            pauseRequested = true;
            continueAfterStep();
        } else {
            startStep();
        }
    }

    /**
     * Starts training at {@code startStep} applied steps from {@code initial} and tells
     * {@code listener} how it goes; stops after reporting the end ({@link TrainingEvent#isEnd()}).
     */
    public static Behavior<Command> create(TrainingPlan plan, OptimizerState initial, long startStep,
                                           List<WorkerMember> workers, Optional<Evaluation> evaluation,
                                           Optional<CheckpointSink> checkpoints, ActorRef<TrainingEvent> listener,
                                           Executor computeExecutor) {
        return create(plan, initial, startStep, 1.0, false, workers, evaluation, checkpoints, listener,
                computeExecutor);
    }

    /**
     * As above, continuing with an operator's learning-rate multiplier (from a checkpoint), and,
     * with {@code startPaused}, paused before the first step (a job that was paused when its daemon
     * stopped) until {@link Resume}.
     */
    public static Behavior<Command> create(TrainingPlan plan, OptimizerState initial, long startStep,
                                           double learningRateScale, boolean startPaused, List<WorkerMember> workers,
                                           Optional<Evaluation> evaluation, Optional<CheckpointSink> checkpoints,
                                           ActorRef<TrainingEvent> listener, Executor computeExecutor) {
        return Behaviors.setup(context -> new Coordinator(context, plan, initial, startStep, learningRateScale,
                startPaused, workers, evaluation, checkpoints, listener, computeExecutor));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(GetStatus.class, this::onGetStatus)
                .onMessage(StopAfterStep.class, this::onStopAfterStep)
                .onMessage(Pause.class, this::onPause)
                .onMessage(Resume.class, this::onResume)
                .onMessage(SetLearningRate.class, this::onSetLearningRate)
                .onMessage(SaveNow.class, this::onSaveNow)
                .onMessage(EvaluateNow.class, this::onEvaluateNow)
                .onMessage(RoundFinished.class, this::onRoundFinished)
                .onMessage(StepApplied.class, this::onStepApplied)
                .onMessage(EvaluationFinished.class, this::onEvaluationFinished)
                .onMessage(CheckpointFinished.class, this::onCheckpointFinished)
                .onMessage(WorkFailed.class, this::onWorkFailed)
                .onMessage(AddWorker.class, this::onAddWorker)
                .onMessage(WorkerStopped.class, this::onWorkerStopped)
                .onSignal(PostStop.class, signal -> onStop())
                .build();
    }

    private Behavior<Command> onGetStatus(GetStatus request) {
        request.replyTo().tell(new Status(step, plan.totalSteps(), phase, lastLoss, pauseRequested, learningRateScale,
                workers.stream().map(WorkerMember::name).toList()));
        return this;
    }

    private Behavior<Command> onStopAfterStep(StopAfterStep stop) {
        stopRequested = true;
        return idle ? leaveIdle() : this;
    }

    private Behavior<Command> onPause(Pause pause) {
        if (pauseRequested) {
            pause.replyTo().tell(new ControlReply(true, "already paused at step " + step + "."));
            return this;
        }
        pauseRequested = true;
        pause.replyTo().tell(new ControlReply(true, "pausing after step " + (phase.equals("training") ? step + 1 : step)
                + "."));
        return this;
    }

    private Behavior<Command> onResume(Resume resume) {
        if (!pauseRequested) {
            resume.replyTo().tell(new ControlReply(false, "not paused; training is at step " + step + "."));
            return this;
        }
        pauseRequested = false;
        boolean announced = pauseAnnounced;
        pauseAnnounced = false;
        resume.replyTo().tell(new ControlReply(true, "resuming at step " + (step + 1) + "."));
        if (announced) {
            listener.tell(new TrainingEvent.Resumed(step));
        }
        return idle ? leaveIdle() : this;
    }

    private Behavior<Command> onSetLearningRate(SetLearningRate request) {
        // Once the SGD step of the round in progress is under way, its rate is fixed: the change starts a step later.
        long next = learningRateFixed ? step + 1 : step;
        double scheduled = plan.schedule().at(next);
        if (!(request.lr() >= 0) || Double.isInfinite(request.lr())) {
            request.replyTo().tell(new ControlReply(false, "lr must be zero or a positive number, not " + request.lr() + "."));
        } else if (!(scheduled > 0)) {
            request.replyTo().tell(new ControlReply(false, "the schedule's learning rate for step " + (next + 1)
                    + " is 0, which no factor can scale; set lr after that step."));
        } else {
            learningRateScale = request.lr() / scheduled;
            listener.tell(new TrainingEvent.LearningRateChanged(next, learningRateScale, request.lr()));
            request.replyTo().tell(new ControlReply(true, String.format(Locale.ROOT,
                    "step %d runs at lr %.6g; the schedule goes on multiplied by %.6g.", next + 1, request.lr(),
                    learningRateScale)));
        }
        return this;
    }

    private Behavior<Command> onSaveNow(SaveNow request) {
        if (checkpoints.isEmpty()) {
            request.replyTo().tell(new ControlReply(false, "this job has no checkpoint folder (bit.checkpoint.dir)."));
            return this;
        }
        if (lastCheckpointStep == step && savingStep < 0 && !phase.equals("training")) {
            request.replyTo().tell(new ControlReply(true, "step " + step + " is checkpointed already: " + lastCheckpoint
                    .orElse("") + "."));
            return this;
        }
        saveRequested = true;
        request.replyTo().tell(new ControlReply(true, "checkpointing step " + (phase.equals("training") ? step + 1 : step)
                + "."));
        return idle ? leaveIdle() : this;
    }

    private Behavior<Command> onEvaluateNow(EvaluateNow request) {
        if (evaluation.isEmpty()) {
            request.replyTo().tell(new ControlReply(false, "this job has no held-out data (bit.data.eval)."));
            return this;
        }
        evaluationRequested = true;
        request.replyTo().tell(new ControlReply(true, "evaluating step " + (phase.equals("training") ? step + 1 : step)
                + "."));
        return idle ? leaveIdle() : this;
    }

    /** Does what was asked of a paused coordinator, then pauses again unless resumed. */
    private Behavior<Command> leaveIdle() {
        idle = false;
        waitingForWorkers = false;
        return continueAfterStep();
    }

    private void join(WorkerMember worker) {
        workers.add(worker);
        getContext().watchWith(worker.ref(), new WorkerStopped(worker));
    }

    private Behavior<Command> onAddWorker(AddWorker added) {
        if (workers.stream().anyMatch(member -> member.ref().equals(added.worker().ref()))) {
            return this;
        }
        join(added.worker());
        listener.tell(new TrainingEvent.WorkerJoined(step, added.worker().name(), workers.size()));
        return waitingForWorkers && workers.size() >= workersNeeded() ? leaveIdle() : this;
    }

    private Behavior<Command> onWorkerStopped(WorkerStopped stopped) {
        // A round in progress sees the stop itself and hands the worker's ranges to the others.
        if (workers.remove(stopped.worker())) {
            listener.tell(new TrainingEvent.WorkerLeft(step, stopped.worker().name(), "it stopped", workers.size()));
        }
        return this;
    }

    /** The first step of the run waits for the plan's workers; later steps for any one. */
    private int workersNeeded() {
        return step == firstStep ? plan.awaitWorkers() : 1;
    }

    private void startStep() {
        if (workers.size() < workersNeeded()) {
            phase = "waiting for workers (" + workers.size() + " of " + workersNeeded() + ")";
            waitingForWorkers = true;
            idle = true;
            return;
        }
        phase = "training";
        getContext().spawn(StepRound.create(step, state.parameters(), workers, plan.limits(), roundAdapter),
                "step-" + step);
    }

    private Behavior<Command> onRoundFinished(RoundFinished finished) {
        if (finished.outcome() instanceof StepRound.Failed failed) {
            return fail(failed.reason());
        }
        StepRound.Gathered gathered = (StepRound.Gathered) finished.outcome();
        for (StepRound.Dropped dropped : gathered.dropped()) {
            if (workers.remove(dropped.worker())) {
                dropped.worker().ref().tell(new Worker.Retire());
                listener.tell(new TrainingEvent.WorkerLeft(step, dropped.worker().name(), dropped.reason(),
                        workers.size()));
            }
        }
        List<WeightedGradient> slices = gathered.slices();
        double lr = learningRateScale * plan.schedule().at(step);
        learningRateFixed = true;
        OptimizerState current = state;
        CompletableFuture<StepApplied> applied = CompletableFuture.supplyAsync(() -> {
            WeightedGradient reduced = GradientReduction.weightedMean(slices);
            return new StepApplied(plan.optimizer().step(current, reduced.meanGradient(), lr), reduced, lr);
        }, computeExecutor);
        pipe(applied, "the SGD step " + step);
        return this;
    }

    private Behavior<Command> onStepApplied(StepApplied applied) {
        learningRateFixed = false;
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
        // Periodic work is due after a step of this run, not at the step it started from.
        boolean evaluationDue = (step > firstStep && plan.evaluationDue(step) && !stopRequested) || evaluationRequested;
        if (evaluation.isPresent() && evaluationDue && lastEvaluatedStep != step) {
            evaluationRequested = false;
            phase = "evaluating";
            pipe(evaluation.get().evaluate(state.parameters()).thenApply(EvaluationFinished::new), "evaluation");
            return this;
        }
        evaluationRequested = false;
        boolean ending = step >= plan.totalSteps() || stopRequested;
        boolean saveDue = (step > firstStep && plan.checkpointDue(step)) || stopRequested || saveRequested;
        if (lastCheckpointStep == step || savingStep == step) {
            // This step is saved or being saved: an operator's request is met by that checkpoint.
            saveRequested = false;
        }
        if (checkpoints.isPresent() && saveDue && lastCheckpointStep != step && savingStep != step) {
            if (savingStep >= 0) {
                return waitForWriter();
            }
            saveRequested = false;
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
        if (pauseRequested) {
            if (!pauseAnnounced) {
                pauseAnnounced = true;
                listener.tell(new TrainingEvent.Paused(step));
            }
            phase = "paused";
            idle = true;
            return this;
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
        pipe(checkpoints.orElseThrow().save(state, savedStep, evaluated, learningRateScale)
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
