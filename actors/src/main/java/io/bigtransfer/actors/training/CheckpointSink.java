package io.bigtransfer.actors.training;

import io.bigtransfer.model.EvaluationReport;
import io.bigtransfer.model.OptimizerState;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Writes the state after {@code step} applied steps as a checkpoint, off the actor threads; answers its location. */
public interface CheckpointSink {
    /** {@code learningRateScale}: the operator's live multiplier of the schedule, restored on resume. */
    CompletionStage<String> save(OptimizerState state, long step, Optional<EvaluationReport> lastEvaluation,
                                 double learningRateScale);
}
