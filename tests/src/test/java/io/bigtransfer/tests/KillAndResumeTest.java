package io.bigtransfer.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bigtransfer.actors.cli.Main;
import io.bigtransfer.backend.NamedBuffer;
import io.bigtransfer.checkpoints.CheckpointRecord;
import io.bigtransfer.checkpoints.LocalCheckpointStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training process killed with SIGKILL at several moments, or stopped with SIGTERM, and started
 * again with the same command ends with the parameters and momentum of an uninterrupted run, bit
 * for bit: checkpoints are never half-written, and a continued run repeats the interrupted one.
 */
class KillAndResumeTest {
    private static final int STEPS = 60;

    @TempDir
    static Path dir;
    private static Path data;
    private static CheckpointRecord uninterrupted;

    @BeforeAll
    static void trainWithoutInterruption() throws Exception {
        data = TinyImageFolder.write(dir.resolve("train"), 8, 31);
        Path reference = dir.resolve("uninterrupted");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        assertEquals(0, Main.run(trainArguments(reference), print, print, true), out.toString(StandardCharsets.UTF_8));
        uninterrupted = LocalCheckpointStore.load(reference);
    }

    private static List<String> trainArguments(Path checkpoints) {
        return trainArguments(checkpoints, 1);
    }

    private static List<String> trainArguments(Path checkpoints, int checkpointEvery) {
        return List.of("train", "bit.data.train=" + data, "bit.data.resolution=24", "bit.model.units=[1,1,1,1]",
                "bit.model.width=0.125", "bit.model.groups=4", "bit.train.steps=" + STEPS, "bit.train.batch=12",
                "bit.train.lr=0.05", "bit.train.seed=5", "bit.backend.threads=2", "bit.checkpoint.every=" + checkpointEvery,
                "bit.checkpoint.keep=2", "bit.checkpoint.dir=" + checkpoints);
    }

    private static Process startTraining(Path checkpoints, Path log) throws IOException {
        return startTraining(trainArguments(checkpoints), log);
    }

    private static Process startTraining(List<String> arguments, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx1g", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(arguments);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static long latestStep(Path checkpoints) {
        return new LocalCheckpointStore(checkpoints, 1).latestFile()
                .map(file -> Long.parseLong(file.getFileName().toString().replaceAll("\\D", ""))).orElse(0L);
    }

    @Test
    void killedAtSeveralMomentsAndRestartedEqualsTheUninterruptedRun() throws Exception {
        Path interrupted = dir.resolve("interrupted");
        Random moments = new Random(12);
        long[] killAfter = {4, 15, 27};
        for (int attempt = 0; attempt < killAfter.length; attempt++) {
            Process process = startTraining(interrupted, dir.resolve("attempt-" + attempt + ".log"));
            while (latestStep(interrupted) < killAfter[attempt] && process.isAlive()) {
                Thread.sleep(5);
            }
            // Somewhere inside the next step or checkpoint write.
            Thread.sleep(moments.nextInt(60));
            assertTrue(process.isAlive(), "attempt " + attempt + " finished before it could be killed: "
                    + Files.readString(dir.resolve("attempt-" + attempt + ".log")));
            process.destroyForcibly();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
            assertEquals(137, process.exitValue(), "killed by SIGKILL");
        }
        finishAndCompare(interrupted, "last");
    }

    @Test
    void sigtermCheckpointsTheCurrentStepAndTheSameCommandContinuesExactly() throws Exception {
        Path stopped = dir.resolve("stopped");
        Path log = dir.resolve("sigterm.log");
        // Checkpoints every 7 steps: the one written on the stop is off that schedule.
        Process process = startTraining(trainArguments(stopped, 7), log);
        while (latestStep(stopped) < 10 && process.isAlive()) {
            Thread.sleep(5);
        }
        process.destroy();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(143, process.exitValue(), Files.readString(log));
        Matcher line = Pattern.compile("stopped at step (\\d+) on a stop signal; checkpoint: (\\S+);").matcher(Files.readString(log));
        assertTrue(line.find(), Files.readString(log));
        long step = Long.parseLong(line.group(1));
        assertTrue(step > 14 && step < STEPS && step % 7 != 0, "stopped at step " + step);
        assertEquals(step, latestStep(stopped), "the step it stopped at is the latest checkpoint");
        finishAndCompare(stopped, "after-sigterm");
    }

    private static void finishAndCompare(Path checkpoints, String name) throws Exception {
        Path log = dir.resolve(name + ".log");
        Process last = startTraining(checkpoints, log);
        assertTrue(last.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, last.exitValue(), Files.readString(log));
        assertTrue(Files.readString(log).contains("continuing from "));
        CheckpointRecord actual = LocalCheckpointStore.load(checkpoints);
        assertEquals(STEPS, actual.step());
        for (NamedBuffer parameter : uninterrupted.parameters().buffers()) {
            assertArrayEquals(parameter.data(), actual.parameters().get(parameter.name()).data(), parameter.name());
            assertArrayEquals(uninterrupted.momentum().get(parameter.name()).data(),
                    actual.momentum().get(parameter.name()).data(), parameter.name() + " momentum");
        }
    }
}
