package io.bigtransfer.actors.training;

import io.bigtransfer.model.LearningRateSchedule;
import io.bigtransfer.model.SgdMomentum;

/**
 * The fixed shape of a run: steps, optimizer and schedule, how often to evaluate and checkpoint
 * (0: only at the end), how a step's batch is shared out and how long workers may take
 * ({@link StepRound.Limits}), and how many workers the run's first step waits for.
 */
public record TrainingPlan(long totalSteps, SgdMomentum optimizer, LearningRateSchedule schedule,
                           int evaluateEvery, int checkpointEvery, StepRound.Limits limits, int awaitWorkers) {
    public TrainingPlan {
        if (awaitWorkers < 1) {
            throw new IllegalArgumentException("a run needs at least one worker, not " + awaitWorkers);
        }
    }

    boolean evaluationDue(long step) {
        return step == totalSteps || (evaluateEvery > 0 && step % evaluateEvery == 0);
    }

    boolean checkpointDue(long step) {
        return step == totalSteps || (checkpointEvery > 0 && step % checkpointEvery == 0);
    }
}
