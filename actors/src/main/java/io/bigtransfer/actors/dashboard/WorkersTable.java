package io.bigtransfer.actors.dashboard;

import java.util.List;

/**
 * The cluster's nodes as the daemon lists them ({@code HOST:PORT STATUS ...}), one row each; a
 * listing that names no node (e.g. {@code no nodes have joined}) is shown as it is.
 */
final class WorkersTable {
    private WorkersTable() {
    }

    static String render(DaemonView.Snapshot daemon) {
        if (daemon.workers().isEmpty()) {
            return "<p class=\"muted\">the daemon did not say which nodes are up (no answer within "
                    + DaemonView.ANSWER_WITHIN.toMillis() + " ms).</p>";
        }
        List<String[]> nodes = daemon.workers().get().stream().map(line -> line.strip().split(" ", 2)).toList();
        if (nodes.stream().noneMatch(words -> words[0].contains(":"))) {
            return "<p class=\"muted\">" + Html.escape(String.join("; ", daemon.workers().get())) + "</p>";
        }
        StringBuilder html = new StringBuilder("<table><tr><th>node</th><th>status</th></tr>");
        for (String[] words : nodes) {
            html.append("<tr><td>").append(Html.escape(words[0])).append("</td><td>")
                    .append(Html.escape(words.length > 1 ? words[1] : "")).append("</td></tr>");
        }
        return html.append("</table>").toString();
    }
}
