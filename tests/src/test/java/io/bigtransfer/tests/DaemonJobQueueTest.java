package io.bigtransfer.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bigtransfer.actors.daemon.DaemonProtocol;
import io.bigtransfer.actors.daemon.DaemonProtocol.Answer;
import io.bigtransfer.actors.daemon.DaemonProtocol.JobAction;
import io.bigtransfer.actors.daemon.JobQueue;
import io.bigtransfer.actors.daemon.JobRecord;
import io.bigtransfer.actors.daemon.JobState;
import io.bigtransfer.actors.daemon.JobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon's job queue with real training jobs: operators' commands, the queue, a restart. */
class DaemonJobQueueTest {
    private static final ActorTestKit testKit = ActorTestKit.create();
    @TempDir
    static Path dir;
    private static Path data;

    @BeforeAll
    static void writeData() throws Exception {
        data = TinyImageFolder.write(dir.resolve("train"), 4, 31);
    }

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    private static String job(int steps) {
        return String.join("\n", "bit.data.train = \"" + data + "\"", "bit.data.resolution = 16",
                "bit.model { units = [1, 1, 1, 1], width = 0.0625, groups = 2 }",
                "bit.train { steps = " + steps + ", batch = 4, lr = 0.05, warmup-steps = 0 }",
                "bit.checkpoint.every = 5");
    }

    private static Answer ask(ActorRef<JobQueue.Message> queue, Function<ActorRef<Answer>, DaemonProtocol.Request> request) {
        TestProbe<Answer> probe = testKit.createTestProbe();
        queue.tell(JobQueue.request(request.apply(probe.ref())));
        return probe.receiveMessage(Duration.ofSeconds(2));
    }

    private static Answer control(ActorRef<JobQueue.Message> queue, String id, JobAction action, double value) {
        return ask(queue, replyTo -> new DaemonProtocol.Control(id, action, value, replyTo));
    }

    private static String awaitJobs(ActorRef<JobQueue.Message> queue, Predicate<String> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        String jobs = "";
        while (System.nanoTime() < deadline) {
            jobs = ask(queue, DaemonProtocol.ListJobs::new).text();
            if (condition.test(jobs)) {
                return jobs;
            }
            sleep(100);
        }
        throw new AssertionError("the jobs never reached the expected state:\n" + jobs);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void operatorsPauseChangeLrCheckpointResumeAndCancelWhileTheQueueWaits() throws Exception {
        Path daemon = dir.resolve("daemon-controls");
        ActorRef<JobQueue.Message> queue = testKit.spawn(JobQueue.create(new JobStore(daemon), 1));
        assertEquals("submitted job-0001 (running)", ask(queue, r -> new DaemonProtocol.Submit(job(400), dir.toString(), r)).text());
        assertEquals("submitted job-0002 (queued)", ask(queue, r -> new DaemonProtocol.Submit(job(3), dir.toString(), r)).text());
        awaitJobs(queue, jobs -> jobs.startsWith("job-0001 running step "));

        Answer paused = control(queue, "job-0001", JobAction.PAUSE, 0);
        assertTrue(paused.ok() && paused.text().startsWith("job-0001: pausing after step "), paused.text());
        awaitJobs(queue, jobs -> jobs.matches("(?s)job-0001 paused step \\d+/400 .* \\(between steps\\).*"));
        Answer lr = control(queue, "job-0001", JobAction.SET_LR, 0.01);
        assertTrue(lr.ok() && lr.text().contains("runs at lr 0.01"), lr.text());
        assertTrue(control(queue, "job-0001", JobAction.CHECKPOINT, 0).ok());
        Answer eval = control(queue, "job-0001", JobAction.EVAL, 0);
        assertEquals(new Answer(false, "job-0001: this job has no held-out data (bit.data.eval)."), eval);
        assertFalse(control(queue, "job-0002", JobAction.PAUSE, 0).ok(), "a queued job cannot be paused");
        assertEquals(new Answer(false, "no job named job-0009; `jobs` lists them."), control(queue, "job-0009", JobAction.RESUME, 0));
        assertTrue(control(queue, "job-0001", JobAction.RESUME, 0).ok());
        awaitJobs(queue, jobs -> jobs.startsWith("job-0001 running step "));

        assertTrue(control(queue, "job-0001", JobAction.CANCEL, 0).ok());
        String finished = awaitJobs(queue, jobs -> jobs.contains("job-0002 done"));
        assertTrue(finished.startsWith("job-0001 cancelled (cancelled at step "), finished);

        List<String> metrics = Files.readAllLines(daemon.resolve("jobs/job-0001/metrics.jsonl"));
        for (String event : List.of("paused", "lr_changed", "checkpoint", "resumed", "end")) {
            assertTrue(metrics.stream().anyMatch(line -> line.startsWith("{\"event\":\"" + event + "\"")), event);
        }
        assertTrue(Files.exists(daemon.resolve("jobs/job-0001/checkpoints/latest")));
        assertEquals(List.of(JobState.CANCELLED, JobState.DONE),
                new JobStore(daemon).list().stream().map(JobRecord::state).toList(), "states are stored");
    }

    @Test
    void aRestartedDaemonContinuesItsRunningJobFromTheLatestCheckpoint() throws Exception {
        Path daemon = dir.resolve("daemon-restart");
        ActorRef<JobQueue.Message> first = testKit.spawn(JobQueue.create(new JobStore(daemon), 1));
        ask(first, r -> new DaemonProtocol.Submit(job(400), dir.toString(), r));
        awaitJobs(first, jobs -> jobs.matches("(?s)job-0001 running step ([6-9]|\\d\\d+)/.*"));
        TestProbe<Answer> stopped = testKit.createTestProbe();
        first.tell(JobQueue.request(new DaemonProtocol.Shutdown(stopped.ref())));
        Answer stopping = stopped.receiveMessage(Duration.ofSeconds(2));
        assertEquals("stopping the daemon once its 1 running jobs have checkpointed their current step; they continue"
                + " at its next start.", stopping.text(), "answered at once, while the job checkpoints");
        stopped.expectTerminated(first, Duration.ofSeconds(60));
        assertEquals(JobState.RUNNING, new JobStore(daemon).list().get(0).state(), "a shutdown keeps the job running on disk");

        ActorRef<JobQueue.Message> second = testKit.spawn(JobQueue.create(new JobStore(daemon), 1));
        awaitJobs(second, jobs -> jobs.startsWith("job-0001 running step "));
        assertTrue(Files.readString(daemon.resolve("jobs/job-0001/job.log")).contains("continuing from "));
        assertTrue(control(second, "job-0001", JobAction.CANCEL, 0).ok());
        awaitJobs(second, jobs -> jobs.startsWith("job-0001 cancelled"));
    }
}
