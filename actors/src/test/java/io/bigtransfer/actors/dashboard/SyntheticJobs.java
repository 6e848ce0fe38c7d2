package io.bigtransfer.actors.dashboard;

import io.bigtransfer.actors.daemon.DaemonProtocol;
import io.bigtransfer.actors.daemon.JobRecord;
import io.bigtransfer.actors.daemon.JobState;
import io.bigtransfer.actors.daemon.JobStore;
import io.bigtransfer.actors.training.MetricsLog;
import io.bigtransfer.actors.training.TrainingEvent;
import io.bigtransfer.model.EvaluationReport;
import io.bigtransfer.streams.SkipReason;
import io.bigtransfer.streams.SkippedInputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** A daemon folder with jobs whose files the training wrote, and a console gateway that answers like a daemon's. */
final class SyntheticJobs {
    static final int STEPS = 50;
    static final String TOKEN = "s3cret-token_for-tests";

    private SyntheticJobs() {
    }

    /**
     * {@code job-0001}: 50 steps (loss falling from 2.3, lr 0.003 then a cosine decay), evaluations
     * at steps 25 and 50, a checkpoint, an operator's lr change and a finished end with skipped
     * inputs, all written by the training's own {@code MetricsLog}; {@code job-0002} is queued.
     */
    static JobStore daemonFolder(Path dir) throws Exception {
        JobStore store = new JobStore(dir);
        JobRecord job = store.create("bit.train.steps = 50\n", dir);
        SkippedInputs skipped = new SkippedInputs();
        skipped.record("bad.jpg", SkipReason.CORRUPT, "test");
        skipped.record("empty.png", SkipReason.EMPTY, "test");
        skipped.record("other.jpg", SkipReason.CORRUPT, "test");
        try (MetricsLog log = MetricsLog.appendTo(store.folder(job.id()).resolve("metrics.jsonl"), skipped)) {
            for (int step = 1; step <= STEPS; step++) {
                double lr = 0.003 * 0.5 * (1 + Math.cos(Math.PI * step / STEPS));
                log.accept(new TrainingEvent.StepCompleted(step, STEPS, 2.3 * Math.exp(-step / 20.0) + 0.1, lr, 8));
                if (step % 25 == 0) {
                    double top1 = step == 25 ? 0.4 : 0.7;
                    log.accept(new TrainingEvent.EvaluationCompleted(step, new EvaluationReport(200, top1, top1 + 0.2,
                            1.0, new double[10], top1 - 0.05)));
                    log.accept(new TrainingEvent.CheckpointSaved(step, "checkpoints/step-" + step, 0.2, 0));
                }
                if (step == 30) {
                    log.accept(new TrainingEvent.LearningRateChanged(step, 0.5, lr / 2));
                }
                Thread.sleep(2);
            }
            log.accept(new TrainingEvent.Finished(STEPS, null, Optional.empty(), Optional.empty()));
        }
        Files.writeString(store.folder(job.id()).resolve("job.log"), "resolved settings:\n  bit.train.steps = 50\n"
                + "step 50/50 <b>loss</b> 0.2\ntop-1: 70.0%\n");
        store.save(job.withState(JobState.DONE, "trained 50 steps; top-1 70.0%"));
        store.create("bit.train.steps = 10\n", dir);
        return store;
    }

    /** Answers the dashboard's requests as a daemon with the jobs above would. */
    static Behavior<DaemonProtocol.Request> gateway() {
        return Behaviors.receiveMessage(request -> {
            if (request instanceof DaemonProtocol.ListJobs list) {
                list.replyTo().tell(new DaemonProtocol.Answer(true, "job-0001 done (trained 50 steps; top-1 70.0%)\n"
                        + "job-0002 queued"));
            } else if (request instanceof DaemonProtocol.ListWorkers workers) {
                workers.replyTo().tell(new DaemonProtocol.Answer(true, "127.0.0.1:2552 up (this daemon) roles [dc-default]"
                        + "\n127.0.0.1:40001 up roles [dc-default]"));
            } else if (request instanceof DaemonProtocol.Status status) {
                status.replyTo().tell(new DaemonProtocol.Answer(true, "daemon up 3 min; 2 jobs: 1 done, 1 queued"));
            }
            return Behaviors.same();
        });
    }

    /** A daemon too busy to answer: the dashboard must still serve the job folders. */
    static Behavior<DaemonProtocol.Request> silentGateway() {
        return Behaviors.receiveMessage(request -> Behaviors.same());
    }
}
