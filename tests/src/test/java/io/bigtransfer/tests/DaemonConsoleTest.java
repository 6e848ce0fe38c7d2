package io.bigtransfer.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bigtransfer.actors.cli.Main;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real daemon process on 127.0.0.1 steered by {@code bit console --exec}: submit a tiny job,
 * pause it, change its learning rate, checkpoint, resume, see it finish; a console without the
 * shared secret gets no answer and the daemon logs the refusal; the daemon's dashboard answers only
 * with the token; {@code shutdown} ends the daemon.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DaemonConsoleTest {
    @TempDir
    static Path dir;
    private static Process daemon;
    private static final StringBuffer daemonOutput = new StringBuffer();
    private static String address;
    private static Path secretFile;

    @BeforeAll
    static void startDaemon() throws Exception {
        Path data = TinyImageFolder.write(dir.resolve("train"), 4, 61);
        Files.writeString(dir.resolve("job.conf"), String.join("\n", "bit.data.train = train",
                // About 20 s of training (70 ms a step measured here), so that the console's pause,
                // sent once the first step is in the metrics, finds the job still running.
                "bit.data.resolution = 64", "bit.model { units = [1, 1, 1, 1], width = 0.25, groups = 8 }",
                "bit.train { steps = 300, batch = 16, lr = 0.05, warmup-steps = 0 }", "bit.checkpoint.every = 50"));
        assertTrue(Files.isDirectory(data));
        secretFile = secret(dir.resolve("secrets"), "the-shared-secret-of-this-test");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx1g", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "daemon",
                "bit.daemon.dir=" + dir.resolve("daemon"), "bit.cluster.port=" + port,
                "bit.cluster.secret-file=" + secretFile, "bit.dashboard.port=0"));
        daemon = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(daemon.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    daemonOutput.append(line).append('\n');
                    if (line.startsWith("daemon ready at ")) {
                        ready.complete(line.substring("daemon ready at ".length()));
                    }
                }
            } catch (Exception e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new AssertionError("the daemon ended before it was ready:\n" + daemonOutput));
        });
        reader.setDaemon(true);
        reader.start();
        address = ready.get(120, TimeUnit.SECONDS);
        assertEquals("127.0.0.1:" + port, address);
    }

    @AfterAll
    static void stopDaemon() throws Exception {
        if (daemon.isAlive()) {
            daemon.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static Path secret(Path folder, String secret) throws Exception {
        Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path file = folder.resolve("secret-" + secret.length());
        Files.writeString(file, secret);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private record Result(int exitCode, String out) {
    }

    private static Result console(String commands, Path secret) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = Main.run(List.of("console", "--connect", address, "--exec", commands,
                "bit.cluster.secret-file=" + secret), print, print, false);
        return new Result(code, out.toString(StandardCharsets.UTF_8));
    }

    private static String awaitJobs(Predicate<String> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        String jobs = "";
        while (System.nanoTime() < deadline) {
            jobs = console("jobs", secretFile).out();
            if (condition.test(jobs)) {
                return jobs;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the job never reached the expected state:\n" + jobs + "\ndaemon:\n" + daemonOutput);
    }

    private static void awaitFirstStep(Path metrics) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(metrics) && Files.readString(metrics).contains("\"event\":\"step\"")) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the job never trained a step:\n" + daemonOutput);
    }

    @Test
    @Order(1)
    void anOperatorSteersAJobFromTheConsoleUntilItFinishes() throws Exception {
        Result submitted = console("submit " + dir.resolve("job.conf") + "; status", secretFile);
        assertEquals(0, submitted.exitCode(), submitted.out());
        assertTrue(submitted.out().startsWith("submitted job-0001 (running)\ndaemon up "), submitted.out());
        // The metrics file, not the console: a console takes a second or more to connect and answer.
        awaitFirstStep(dir.resolve("daemon/jobs/job-0001/metrics.jsonl"));
        assertTrue(console("jobs", secretFile).out().startsWith("job-0001 running step "));

        Result paused = console("pause job-0001", secretFile);
        assertEquals(0, paused.exitCode(), paused.out());
        awaitJobs(jobs -> jobs.contains("(between steps)"));
        Result steered = console("set job-0001 lr=0.01; checkpoint job-0001; resume job-0001", secretFile);
        assertEquals(0, steered.exitCode(), steered.out());
        assertTrue(steered.out().contains("runs at lr 0.01"), steered.out());
        String done = awaitJobs(jobs -> jobs.startsWith("job-0001 done"));
        assertTrue(done.startsWith("job-0001 done (trained 300 steps)"), done);
        String metrics = Files.readString(dir.resolve("daemon/jobs/job-0001/metrics.jsonl"));
        assertTrue(metrics.contains("\"event\":\"lr_changed\"") && metrics.contains("\"event\":\"paused\"")
                && metrics.contains("\"event\":\"resumed\""), metrics);

        Matcher dashboard = Pattern.compile("dashboard at (http://127\\.0\\.0\\.1:\\d+/)").matcher(daemonOutput);
        assertTrue(dashboard.find(), daemonOutput.toString());
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> jobs = http.send(HttpRequest.newBuilder(URI.create(dashboard.group(1) + "api/jobs"))
                .header("Authorization", "Bearer " + Files.readString(secretFile).strip()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, jobs.statusCode());
        assertTrue(jobs.body().contains("job-0001"), jobs.body());
        assertEquals(401, http.send(HttpRequest.newBuilder(URI.create(dashboard.group(1) + "api/jobs")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());

        Result workers = console("workers", secretFile);
        assertTrue(workers.out().startsWith(address + " up (this daemon)"), workers.out());
        Result wrong = console("frobnicate; pause job-0042", secretFile);
        assertEquals(1, wrong.exitCode());
        assertEquals("error: unknown command 'frobnicate'; `help` lists the commands.\n"
                + "error: no job named job-0042; `jobs` lists them.\n", wrong.out());
    }

    @Test
    @Order(2)
    void aConsoleWithoutTheSecretGetsNoAnswerAndTheDaemonLogsIt() throws Exception {
        Result refused = console("status", secret(dir.resolve("other"), "a-different-secret"));
        assertEquals(1, refused.exitCode());
        assertTrue(refused.out().contains("error: the daemon did not answer 'status' within 10 s."), refused.out());
        assertTrue(daemonOutput.toString().contains("refused a connection"), daemonOutput.toString());
    }

    @Test
    @Order(3)
    void shutdownStopsTheDaemon() throws Exception {
        Result stopped = console("shutdown", secretFile);
        assertEquals(0, stopped.exitCode(), stopped.out());
        assertTrue(daemon.waitFor(60, TimeUnit.SECONDS), "the daemon did not exit:\n" + daemonOutput);
        assertEquals(0, daemon.exitValue(), daemonOutput.toString());
    }
}
