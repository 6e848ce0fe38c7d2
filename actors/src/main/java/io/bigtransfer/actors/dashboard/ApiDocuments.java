package io.bigtransfer.actors.dashboard;

import io.bigtransfer.actors.daemon.JobRecord;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The JSON API: {@code /api/jobs} (every job with its state, progress and latest numbers, and the
 * cluster's nodes) and {@code /api/jobs/<id>/metrics} (a job's steps, evaluations, events and
 * skipped inputs, the names as in {@code metrics.jsonl}; {@code ?since=STEP} leaves out what a
 * caller has already seen).
 */
final class ApiDocuments {
    private ApiDocuments() {
    }

    static String jobs(List<JobRecord> jobs, Function<String, JobMetrics> metrics, DaemonView.Snapshot daemon) {
        List<String> entries = jobs.stream().map(job -> {
            JobMetrics known = metrics.apply(job.id());
            return new Json().text("id", job.id()).text("state", job.state().label()).text("note", job.note())
                    .text("progress", daemon.progressOf(job).orElse(null))
                    .raw("last_step", known.lastStep().map(p -> Long.toString(p.step())).orElse("null"))
                    .number("last_loss", known.lastStep().map(JobMetrics.StepPoint::loss).orElse(Double.NaN))
                    .number("last_top1", known.lastEval().map(JobMetrics.EvalPoint::top1).orElse(Double.NaN))
                    .toString();
        }).toList();
        return new Json().raw("jobs", Json.array(entries))
                .raw("workers", daemon.workers().map(lines -> Json.array(lines.stream().map(Json::quote).toList()))
                        .orElse("null"))
                .text("status", daemon.status().orElse(null)).toString();
    }

    static String metrics(JobRecord job, JobMetrics metrics) {
        List<String> steps = metrics.steps().stream().map(p -> new Json().number("step", p.step())
                .number("loss", p.loss()).number("lr", p.lr()).number("images", p.images())
                .number("images_per_s", p.imagesPerSecond()).toString()).toList();
        List<String> evals = metrics.evals().stream().map(p -> new Json().number("step", p.step())
                .number("top1", p.top1()).number("top5", p.top5()).number("loss", p.loss())
                .number("mean_per_class_accuracy", p.meanPerClassAccuracy()).toString()).toList();
        List<String> events = metrics.events().stream().map(e -> new Json().text("event", e.kind())
                .raw("step", e.step() < 0 ? "null" : Long.toString(e.step())).text("time", e.time())
                .text("detail", e.detail()).toString()).toList();
        Json skipped = new Json();
        for (Map.Entry<String, Long> entry : metrics.skipped().entrySet()) {
            skipped.number(entry.getKey(), entry.getValue());
        }
        return new Json().text("id", job.id()).text("state", job.state().label()).raw("steps", Json.array(steps))
                .raw("evals", Json.array(evals)).raw("events", Json.array(events)).raw("skipped", skipped.toString())
                .text("end", metrics.end().orElse(null)).toString();
    }
}
