package io.bigtransfer.actors.dashboard;

import io.bigtransfer.actors.daemon.JobRecord;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * {@code /jobs/<id>}: one job's state and progress, its charts, the cluster's nodes, the inputs it
 * skipped by reason, its recent events and the tail of its log; all but the title refreshes itself.
 */
final class JobPage {
    static final int LOG_LINES = 40;
    private static final int EVENTS = 12;

    private JobPage() {
    }

    static String liveSource(String id) {
        return "/jobs/" + id + "/live";
    }

    static String page(JobRecord job, JobMetrics metrics, DaemonView.Snapshot daemon, List<String> logTail) {
        String id = Html.escape(job.id());
        String header = "<h1>" + id + "</h1><p><a href=\"/\">all jobs</a> · <a href=\"/api/jobs/" + id
                + "/metrics\">metrics (JSON)</a> · <a href=\"/jobs/" + id + "/log\">full log</a></p>";
        return Html.page(job.id() + " - bit daemon", header, live(job, metrics, daemon, logTail), liveSource(job.id()));
    }

    /** The part of the page that refreshes itself. */
    static String live(JobRecord job, JobMetrics metrics, DaemonView.Snapshot daemon, List<String> logTail) {
        StringBuilder html = new StringBuilder("<p><span class=\"state\">").append(Html.escape(job.state().label()))
                .append("</span> ").append(Html.escape(daemon.describe(job)))
                .append(" <span class=\"muted\">(").append(LocalTime.now().truncatedTo(ChronoUnit.SECONDS))
                .append(")</span></p>");
        html.append(JobCharts.render(metrics));
        html.append("<h2>Workers</h2>").append(WorkersTable.render(daemon));
        html.append("<h2>Skipped inputs</h2>").append(skipped(metrics));
        html.append("<h2>Recent events</h2>").append(events(metrics));
        html.append("<h2>Log (last ").append(LOG_LINES).append(" lines)</h2><pre>")
                .append(Html.escape(String.join("\n", logTail))).append("</pre>");
        return html.toString();
    }

    private static String skipped(JobMetrics metrics) {
        if (metrics.end().isEmpty() && metrics.skipped().isEmpty()) {
            return "<p class=\"muted\">counted while the job runs; written when it ends or stops.</p>";
        }
        if (metrics.skipped().isEmpty()) {
            return "<p>none</p>";
        }
        StringBuilder html = new StringBuilder("<table><tr><th>reason</th><th>inputs</th></tr>");
        for (Map.Entry<String, Long> entry : metrics.skipped().entrySet()) {
            html.append("<tr><td>").append(Html.escape(entry.getKey())).append("</td><td>").append(entry.getValue())
                    .append("</td></tr>");
        }
        return html.append("</table>").toString();
    }

    private static String events(JobMetrics metrics) {
        List<JobMetrics.Event> events = metrics.events();
        if (events.isEmpty()) {
            return "<p class=\"muted\">none yet</p>";
        }
        StringBuilder html = new StringBuilder("<table><tr><th>step</th><th>event</th><th>detail</th><th>time</th></tr>");
        for (JobMetrics.Event event : events.subList(Math.max(0, events.size() - EVENTS), events.size())) {
            html.append("<tr><td>").append(event.step() < 0 ? "" : Long.toString(event.step())).append("</td><td>")
                    .append(Html.escape(event.kind())).append("</td><td>").append(Html.escape(event.detail()))
                    .append("</td><td>").append(Html.escape(event.time())).append("</td></tr>");
        }
        return html.append("</table>").toString();
    }
}
