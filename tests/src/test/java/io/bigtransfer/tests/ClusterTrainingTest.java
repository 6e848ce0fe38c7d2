package io.bigtransfer.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bigtransfer.actors.cli.Main;
import io.bigtransfer.actors.training.TrainingEvent;
import io.bigtransfer.actors.training.TrainingJob;
import io.bigtransfer.backend.NamedBuffer;
import io.bigtransfer.backend.NamedBuffers;
import io.bigtransfer.checkpoints.LocalCheckpointStore;
import io.bigtransfer.config.BitConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes on 127.0.0.1: a daemon (the seed, with the coordinator and one local worker) and
 * two {@code bit worker --join} nodes train a tiny model to the parameters of a single JVM with
 * three workers; a worker killed with SIGKILL mid-run leaves the job, which completes with every
 * step applied exactly once; a worker without the shared secret never joins, and the daemon logs
 * the refusal.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTrainingTest {
    private static final List<String> SETTINGS = List.of("bit.data.resolution = 16",
            "bit.model { units = [1, 1, 1, 1], width = 0.0625, groups = 2 }",
            "bit.train { batch = 12, lr = 0.05, warmup-steps = 0, seed = 3 }", "bit.backend.threads = 1");

    @TempDir
    static Path dir;
    private static Path secretFile;
    private static String address;
    private static JvmProcess daemon;
    private static final List<JvmProcess> workers = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        TinyImageFolder.write(dir.resolve("train"), 6, 11);
        Path secrets = Files.createDirectories(dir.resolve("secrets"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        secretFile = secrets.resolve("secret");
        Files.writeString(secretFile, "the-shared-secret-of-the-cluster-test");
        Files.setPosixFilePermissions(secretFile, PosixFilePermissions.fromString("rw-------"));
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        daemon = new JvmProcess("daemon ready at ", List.of("daemon", "bit.daemon.dir=" + dir.resolve("daemon"),
                "bit.cluster.port=" + port, "bit.cluster.secret-file=" + secretFile, "bit.dashboard.port=0"));
        address = daemon.awaitReady(120);
        for (int i = 0; i < 2; i++) {
            workers.add(new JvmProcess("worker ready at ", List.of("worker", "--join", address,
                    "bit.cluster.secret-file=" + secretFile, "bit.backend.threads=1")));
        }
        for (JvmProcess worker : workers) {
            assertTrue(worker.awaitReady(120).startsWith("127.0.0.1:"), worker.output());
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        for (JvmProcess worker : workers) {
            worker.close();
        }
        if (daemon != null) {
            daemon.close();
        }
    }

    /** Writes a job file and submits it from a console; returns the job's id. */
    private static String submit(String name, List<String> extra) throws Exception {
        List<String> lines = new ArrayList<>(SETTINGS);
        lines.add("bit.data.train = train");
        lines.addAll(extra);
        Path file = dir.resolve(name + ".conf");
        Files.writeString(file, String.join("\n", lines));
        String out = console("submit " + file);
        Matcher submitted = Pattern.compile("submitted (job-\\d+)").matcher(out);
        assertTrue(submitted.find(), out);
        return submitted.group(1);
    }

    private static String console(String commands) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = Main.run(List.of("console", "--connect", address, "--exec", commands,
                "bit.cluster.secret-file=" + secretFile), print, print, false);
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        return text;
    }

    /** Polls {@code jobs} until {@code job}'s line (without the id) matches {@code state}; returns that line. */
    private static String awaitJob(String job, String state, Duration limit) throws InterruptedException {
        Pattern wanted = Pattern.compile(state);
        long deadline = System.nanoTime() + limit.toNanos();
        String line = "";
        while (System.nanoTime() < deadline) {
            line = console("jobs").lines().filter(l -> l.startsWith(job + " ")).findFirst().orElse("");
            if (wanted.matcher(line.substring(Math.min(line.length(), job.length() + 1))).lookingAt()) {
                return line;
            }
            Thread.sleep(300);
        }
        throw new AssertionError(job + " never reached '" + state + "': " + line + "\ndaemon:\n" + daemon.output());
    }

    /** The same job in this JVM with three local workers. */
    private static NamedBuffers singleJvm(int steps, double lr) {
        List<String> settings = new ArrayList<>(List.of("bit.data.train=" + dir.resolve("train"),
                "bit.data.resolution=16", "bit.model.units=[1,1,1,1]", "bit.model.width=0.0625", "bit.model.groups=2",
                "bit.train.steps=" + steps, "bit.train.batch=12", "bit.train.lr=" + lr, "bit.train.warmup-steps=0",
                "bit.train.seed=3", "bit.backend.threads=1", "bit.train.workers=3"));
        TrainingJob job = TrainingJob.prepare(BitConfig.load(Optional.empty(), settings), dir);
        TrainingEvent end = job.run(event -> { });
        return assertInstanceOf(TrainingEvent.Finished.class, end, end.toString()).state().parameters().parameters();
    }

    private static NamedBuffers finalParameters(String job) {
        return LocalCheckpointStore.load(dir.resolve("daemon/jobs/" + job + "/checkpoints")).parameters();
    }

    private static void assertClose(NamedBuffers expected, NamedBuffers actual, double relative) {
        for (NamedBuffer parameter : expected.buffers()) {
            float[] a = parameter.data();
            float[] b = actual.get(parameter.name()).data();
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-5 + relative * Math.abs(a[i]), parameter.name() + "[" + i + "]");
            }
        }
    }

    /** Polls the job's metrics file (not the console, which takes a second or more to answer) for a line. */
    private static void awaitMetricsLine(String job, String fragment, Duration limit) throws Exception {
        Path file = dir.resolve("daemon/jobs/" + job + "/metrics.jsonl");
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readString(file).contains(fragment)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(job + " never wrote " + fragment + "\ndaemon:\n" + daemon.output());
    }

    private static List<String> metrics(String job) throws Exception {
        return Files.readAllLines(dir.resolve("daemon/jobs/" + job + "/metrics.jsonl"));
    }

    @Test
    @Order(1)
    void aDaemonAndTwoWorkerNodesTrainToTheParametersOfOneJvm() throws Exception {
        String job = submit("three-nodes", List.of("bit.train.steps = 6", "bit.train.await-workers = 3"));
        awaitJob(job, "done", Duration.ofMinutes(4));
        List<String> joined = metrics(job).stream().filter(line -> line.contains("\"event\":\"worker_joined\"")).toList();
        assertEquals(2, joined.size(), String.join("\n", metrics(job)));
        String members = console("workers");
        assertEquals(3, members.lines().filter(line -> line.startsWith("127.0.0.1:") && line.contains(" up")).count(),
                members);
        assertClose(singleJvm(6, 0.05), finalParameters(job), 1e-4);
    }

    @Test
    @Order(2)
    void aWorkerKilledMidRunLeavesTheJobWhichAppliesEveryStepOnce() throws Exception {
        int steps = 20;
        // At lr 0.001 the run is not chaotic: one JVM with 2 workers instead of 3 (a different split
        // of the batch) ends 1e-7 (relative) from it after 20 and 30 steps, while one step fewer
        // moves the parameters by up to 3e-2 of their size (478 values beyond the tolerance below;
        // all measured). At lr 0.01 the two were
        // 1e-5 apart, but a run whose worker dies splits its batches yet differently, and its tiny
        // model (1x1 feature maps in the last blocks) sometimes crossed a ReLU or max-pool switch and
        // ended several percent away (measured; once at 20 steps, once at 30).
        String job = submit("killed-worker", List.of("bit.train.steps = " + steps, "bit.train.lr = 0.001",
                "bit.train.await-workers = 3", "bit.train.straggler-deadline = 20s"));
        awaitMetricsLine(job, "\"event\":\"step\",\"step\":3,", Duration.ofMinutes(3));
        workers.get(0).kill();
        awaitJob(job, "done", Duration.ofMinutes(4));
        List<String> lines = metrics(job);
        assertTrue(lines.stream().anyMatch(line -> line.contains("\"event\":\"worker_left\"")), String.join("\n", lines));
        for (int step = 1; step <= steps; step++) {
            String marker = "\"event\":\"step\",\"step\":" + step + ",";
            assertEquals(1, lines.stream().filter(line -> line.contains(marker)).count(), "step " + step + " applied once");
        }
        assertClose(singleJvm(steps, 0.001), finalParameters(job), 1e-3);
    }

    @Test
    @Order(3)
    void aWorkerWithoutTheSecretNeverJoinsAndTheDaemonLogsIt() throws Exception {
        Path otherSecrets = Files.createDirectories(dir.resolve("other-secrets"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path otherSecret = otherSecrets.resolve("secret");
        Files.writeString(otherSecret, "not-the-secret-of-this-cluster");
        Files.setPosixFilePermissions(otherSecret, PosixFilePermissions.fromString("rw-------"));
        try (JvmProcess intruder = new JvmProcess("worker ready at ", List.of("worker", "--join", address,
                "bit.cluster.secret-file=" + otherSecret))) {
            assertThrows(TimeoutException.class, () -> intruder.awaitReady(20), intruder.output());
            assertTrue(daemon.output().contains("refused a connection"), daemon.output());
            String members = console("workers");
            assertEquals(2, members.lines().filter(line -> line.startsWith("127.0.0.1:")).count(),
                    "the daemon and the one worker left: " + members);
        }
    }
}
