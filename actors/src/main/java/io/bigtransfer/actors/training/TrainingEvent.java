package io.bigtransfer.actors.training;

import io.bigtransfer.model.EvaluationReport;
import io.bigtransfer.model.OptimizerState;
import java.util.Optional;

/** What a coordinator tells its listener about a training run, in the order it happens. */
public sealed interface TrainingEvent {

    /** Step {@code step} (1-based count of applied steps) is applied. */
    record StepCompleted(long step, long totalSteps, double meanLoss, double lr, int examples) implements TrainingEvent {
    }

    record EvaluationCompleted(long step, EvaluationReport report) implements TrainingEvent {
    }

    /**
     * The checkpoint of {@code step} is durable. It took {@code writeSeconds} on the writer's thread,
     * of which the step loop spent {@code stepLoopWaitSeconds} waiting (at the end of a run, or when
     * the previous checkpoint was still being written); otherwise training went on meanwhile.
     */
    record CheckpointSaved(long step, String location, double writeSeconds, double stepLoopWaitSeconds)
            implements TrainingEvent {
    }

    /** An operator's pause took effect: no step runs until a resume. */
    record Paused(long step) implements TrainingEvent {
    }

    record Resumed(long step) implements TrainingEvent {
    }

    /**
     * An operator changed the learning rate: from step {@code step + 1} on, the schedule's rate is
     * multiplied by {@code scale}, so that step runs at {@code nextLr}.
     */
    record LearningRateChanged(long step, double scale, double nextLr) implements TrainingEvent {
    }

    /** {@code worker} takes part from the step after {@code step}; {@code workers} now take part. */
    record WorkerJoined(long step, String worker, int workers) implements TrainingEvent {
    }

    /** {@code worker} no longer takes part, for {@code reason}; its unfinished ranges went to the others. */
    record WorkerLeft(long step, String worker, String reason, int workers) implements TrainingEvent {
    }

    record Finished(long step, OptimizerState state, Optional<EvaluationReport> lastEvaluation,
                    Optional<String> lastCheckpoint) implements TrainingEvent {
    }

    record Failed(String reason) implements TrainingEvent {
    }

    /** Stopped on request after {@code step} steps, its last checkpoint written. */
    record Stopped(long step, Optional<String> lastCheckpoint) implements TrainingEvent {
    }

    default boolean isEnd() {
        return this instanceof Finished || this instanceof Failed || this instanceof Stopped;
    }
}
