package io.bigtransfer.actors.dashboard;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a job's {@code metrics.jsonl} says so far. Values the file holds as null are NaN here.
 * {@code skipped} (inputs skipped by reason) comes from the latest {@code end} line, the only one
 * that carries it; {@code end} is that line's state while the run has not started again since.
 */
record JobMetrics(List<StepPoint> steps, List<EvalPoint> evals, List<Event> events, Map<String, Long> skipped,
                  Optional<String> end, int unreadableLines) {

    static final JobMetrics EMPTY = new JobMetrics(List.of(), List.of(), List.of(), Map.of(), Optional.empty(), 0);

    record StepPoint(long step, double loss, double lr, double images, double imagesPerSecond) {
    }

    record EvalPoint(long step, double top1, double top5, double loss, double meanPerClassAccuracy) {
    }

    /** Anything but a step or an evaluation: a checkpoint, an lr change, a pause, a resume, an end. */
    record Event(String kind, long step, String time, String detail) {
    }

    Optional<StepPoint> lastStep() {
        return steps.isEmpty() ? Optional.empty() : Optional.of(steps.get(steps.size() - 1));
    }

    Optional<EvalPoint> lastEval() {
        return evals.isEmpty() ? Optional.empty() : Optional.of(evals.get(evals.size() - 1));
    }

    /** The points after {@code step}: what a page that has seen up to {@code step} is missing. */
    JobMetrics after(long step) {
        return new JobMetrics(steps.stream().filter(p -> p.step() > step).toList(),
                evals.stream().filter(p -> p.step() > step).toList(),
                events.stream().filter(e -> e.step() > step).toList(), skipped, end, unreadableLines);
    }
}
