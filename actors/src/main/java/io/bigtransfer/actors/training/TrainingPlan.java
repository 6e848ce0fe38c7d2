package io.bigtransfer.actors.training;

import io.bigtransfer.model.LearningRateSchedule;
import io.bigtransfer.model.SgdMomentum;
import java.time.Duration;

/**
 * The fixed shape of a run: steps, optimizer and schedule, how often to evaluate and checkpoint
 * (0: only at the end), and how long one step may take before the run fails.
 */
public record TrainingPlan(long totalSteps, SgdMomentum optimizer, LearningRateSchedule schedule,
                           int evaluateEvery, int checkpointEvery, Duration stepDeadline) {

    boolean evaluationDue(long step) {
        return step == totalSteps || (evaluateEvery > 0 && step % evaluateEvery == 0);
    }

    boolean checkpointDue(long step) {
        return step == totalSteps || (checkpointEvery > 0 && step % checkpointEvery == 0);
    }
}
