package io.bigtransfer.actors.training;

import io.bigtransfer.backend.ParameterVersion;
import io.bigtransfer.model.EvaluationReport;
import java.util.concurrent.CompletionStage;

/** Evaluates a parameter version on the held-out data, off the actor threads. */
public interface Evaluation {
    CompletionStage<EvaluationReport> evaluate(ParameterVersion parameters);
}
