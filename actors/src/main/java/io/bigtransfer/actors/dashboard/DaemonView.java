package io.bigtransfer.actors.dashboard;

import io.bigtransfer.actors.daemon.DaemonProtocol;
import io.bigtransfer.actors.daemon.JobRecord;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * What the running daemon says right now, asked through its console gateway (the same requests a
 * console sends): the daemon's status line, each job's progress line, and the cluster's nodes. An
 * answer that does not come within {@link #ANSWER_WITHIN} is missing, and the page says so rather
 * than wait: the dashboard still shows what the job folders hold.
 */
final class DaemonView {
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(1);

    /** One moment's answers; each is empty when the daemon did not answer in time. */
    record Snapshot(Optional<String> status, Optional<Map<String, String>> progress, Optional<List<String>> workers) {

        static final Snapshot UNANSWERED = new Snapshot(Optional.empty(), Optional.empty(), Optional.empty());

        /**
         * The job's progress as the queue describes it (e.g. {@code step 120/500 loss 0.41 lr 0.0025}),
         * without the note the job folder holds too; empty for a job that is not training.
         */
        Optional<String> progressOf(JobRecord job) {
            String note = job.note().isEmpty() ? "" : "(" + job.note() + ")";
            return progress.map(lines -> lines.get(job.id()))
                    .map(line -> !note.isEmpty() && line.endsWith(note) ? line.substring(0, line.length() - note.length())
                            : line)
                    .map(String::strip).filter(line -> !line.isEmpty());
        }

        /** Progress and note, as one line for people. */
        String describe(JobRecord job) {
            String progress = progressOf(job).orElse("");
            String note = job.note().isEmpty() ? "" : "(" + job.note() + ")";
            return (progress + " " + note).strip();
        }
    }

    private final ActorRef<DaemonProtocol.Request> gateway;
    private final Scheduler scheduler;

    DaemonView(ActorRef<DaemonProtocol.Request> gateway, Scheduler scheduler) {
        this.gateway = gateway;
        this.scheduler = scheduler;
    }

    CompletionStage<Snapshot> snapshot() {
        CompletionStage<Optional<String>> status = ask(DaemonProtocol.Status::new);
        CompletionStage<Optional<String>> jobs = ask(DaemonProtocol.ListJobs::new);
        CompletionStage<Optional<String>> workers = ask(DaemonProtocol.ListWorkers::new);
        return status.thenCombine(jobs, (s, j) -> new Snapshot(s, j.map(DaemonView::progressById), Optional.empty()))
                .thenCombine(workers, (snapshot, w) -> new Snapshot(snapshot.status(), snapshot.progress(),
                        w.map(text -> List.of(text.split("\n")))));
    }

    /**
     * The queue's job lines ({@code ID STATE [PROGRESS] [(NOTE)]}, one per job) by id, each without
     * its id and state.
     */
    static Map<String, String> progressById(String listing) {
        Map<String, String> progress = new LinkedHashMap<>();
        for (String line : listing.split("\n")) {
            String[] words = line.strip().split(" ", 3);
            if (words.length >= 2 && words[0].startsWith("job-")) {
                progress.put(words[0], words.length == 3 ? words[2] : "");
            }
        }
        return progress;
    }

    private CompletionStage<Optional<String>> ask(
            Function<ActorRef<DaemonProtocol.Answer>, DaemonProtocol.Request> request) {
        return AskPattern.<DaemonProtocol.Request, DaemonProtocol.Answer>ask(gateway, request::apply, ANSWER_WITHIN,
                scheduler).handle((answer, failure) -> failure == null ? Optional.of(answer.text()) : Optional.empty());
    }
}
