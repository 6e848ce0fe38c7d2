package io.bigtransfer.actors.dashboard;

import io.bigtransfer.actors.daemon.JobRecord;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** {@code /}: every job of the daemon with its state, progress and latest numbers, and the cluster's nodes. */
final class JobListPage {
    static final String LIVE_SOURCE = "/live";

    private JobListPage() {
    }

    static String page(List<JobRecord> jobs, Function<String, JobMetrics> metrics, DaemonView.Snapshot daemon) {
        return Html.page("bit daemon", "<h1>bit daemon</h1>", live(jobs, metrics, daemon), LIVE_SOURCE);
    }

    /** The part of the page that refreshes itself. */
    static String live(List<JobRecord> jobs, Function<String, JobMetrics> metrics, DaemonView.Snapshot daemon) {
        StringBuilder html = new StringBuilder();
        html.append("<p>").append(Html.escape(daemon.status().orElse("the daemon did not answer within "
                + DaemonView.ANSWER_WITHIN.toMillis() + " ms; states below are the job folders'")))
                .append(" <span class=\"muted\">(").append(LocalTime.now().truncatedTo(ChronoUnit.SECONDS))
                .append(")</span></p><h2>Jobs</h2>");
        if (jobs.isEmpty()) {
            html.append("<p class=\"muted\">no jobs yet; submit one with <code>bit console</code>.</p>");
        } else {
            html.append("<table><tr><th>job</th><th>state</th><th>progress / notes</th><th>loss</th><th>top-1</th>"
                    + "<th>links</th></tr>");
            for (JobRecord job : jobs) {
                html.append(row(job, metrics.apply(job.id()), daemon));
            }
            html.append("</table>");
        }
        html.append("<h2>Workers</h2>").append(WorkersTable.render(daemon));
        return html.toString();
    }

    private static String row(JobRecord job, JobMetrics metrics, DaemonView.Snapshot daemon) {
        String id = Html.escape(job.id());
        String notes = daemon.describe(job);
        String loss = metrics.lastStep().filter(p -> Double.isFinite(p.loss()))
                .map(p -> String.format(Locale.ROOT, "%.4f", p.loss())).orElse("");
        String top1 = metrics.lastEval().filter(p -> Double.isFinite(p.top1()))
                .map(p -> String.format(Locale.ROOT, "%.1f%%", 100 * p.top1())).orElse("");
        return "<tr><td><a href=\"/jobs/" + id + "\">" + id + "</a></td><td class=\"state\">"
                + Html.escape(job.state().label()) + "</td><td>" + Html.escape(notes) + "</td><td>" + loss + "</td><td>"
                + top1 + "</td><td><a href=\"/jobs/" + id + "\">plots</a> · <a href=\"/api/jobs/" + id
                + "/metrics\">metrics</a> · <a href=\"/jobs/" + id + "/log\">log</a></td></tr>";
    }
}
