package io.bigtransfer.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bigtransfer.backend.NamedBuffer;
import io.bigtransfer.checkpoints.CheckpointRecord;
import io.bigtransfer.checkpoints.LocalCheckpointStore;
import io.bigtransfer.model.BitNpz;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bit train} then {@code bit eval} on real image files, and the one-sentence errors. */
class CommandLineTest {
    @TempDir
    static Path dir;
    private static Path train;
    private static Path eval;

    @BeforeAll
    static void writeData() throws Exception {
        train = TinyImageFolder.write(dir.resolve("train"), 12, 1);
        eval = TinyImageFolder.write(dir.resolve("eval"), 4, 2);
    }

    private static CommandRun bit(String... args) {
        return CommandRun.of(args);
    }

    private static String line(String output, String prefix) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(prefix) + ".*$").matcher(output);
        assertTrue(matcher.find(), "no line starting with '" + prefix + "' in:\n" + output);
        return matcher.group();
    }

    @Test
    void trainWritesACheckpointThatEvalReadsBackToTheSameMetrics() throws Exception {
        Path checkpoints = dir.resolve("checkpoints");
        List<String> args = new ArrayList<>(List.of("train", "bit.data.train=" + train, "bit.data.eval=" + eval,
                "bit.data.resolution=16", "bit.model.units=[1,1,1,1]", "bit.model.width=0.0625",
                "bit.model.groups=2", "bit.train.steps=6", "bit.train.batch=12", "bit.train.lr=0.05",
                "bit.checkpoint.dir=" + checkpoints));
        CommandRun trained = bit(args.toArray(String[]::new));
        assertEquals(0, trained.exitCode(), trained.err());
        assertTrue(Files.exists(checkpoints.resolve("latest")), trained.out());
        String top1 = line(trained.out(), "top-1: ");
        assertTrue(top1.matches("top-1: \\d+\\.\\d%"), top1);
        line(trained.out(), "per-class accuracy:");
        line(trained.out(), "checkpoint: " + checkpoints);
        assertMetricsDescribeTheRun(checkpoints.resolve("metrics.jsonl"), top1);

        Path npz = dir.resolve("exported.npz");
        CommandRun exported = bit("export", "--checkpoint", checkpoints.toString(), "--npz", npz.toString());
        assertEquals(0, exported.exitCode(), exported.err());
        CheckpointRecord checkpoint = LocalCheckpointStore.load(checkpoints);
        BitNpz.Weights weights = BitNpz.read(npz, 2);
        assertEquals(List.of(1, 1, 1, 1, 3), List.of(weights.spec().units()[0], weights.spec().units()[1],
                weights.spec().units()[2], weights.spec().units()[3], weights.spec().classes()));
        for (NamedBuffer parameter : checkpoint.parameters().buffers()) {
            assertArrayEquals(parameter.data(), weights.parameters().get(parameter.name()).data(), parameter.name());
        }

        Path image = eval.resolve(TinyImageFolder.CLASSES[1]).resolve("000.png");
        Path notAnImage = Files.writeString(dir.resolve("notes.png"), "text");
        CommandRun predicted = bit("predict", "--weights", checkpoints.toString(), image.toString(), notAnImage.toString());
        assertEquals(0, predicted.exitCode(), predicted.err());
        String top = line(predicted.out(), image + ": ");
        assertTrue(top.matches(Pattern.quote(image + ": ") + "(\\w+ \\d+\\.\\d%, ){2}\\w+ \\d+\\.\\d%"), top);
        assertTrue(List.of(TinyImageFolder.CLASSES).containsAll(List.of(top.substring(top.indexOf(": ") + 2)
                .replaceAll(" \\d+\\.\\d%", "").split(", "))), top);
        line(predicted.out(), "skipped 1 inputs: not-an-image 1");

        CommandRun evaluated = bit("eval", "--checkpoint", checkpoints.toString(), "--data", eval.toString());
        assertEquals(0, evaluated.exitCode(), evaluated.err());
        assertEquals(top1, line(evaluated.out(), "top-1: "), "eval of the final checkpoint must repeat the final evaluation");
        assertEquals(line(trained.out(), "loss: "), line(evaluated.out(), "loss: "));
        assertEquals(line(trained.out(), "top-5: "), line(evaluated.out(), "top-5: "));
    }

    /** One JSON line per step, the final evaluation (as printed), the checkpoint's cost, the end. */
    private static void assertMetricsDescribeTheRun(Path metrics, String printedTop1) throws Exception {
        List<String> lines = Files.readAllLines(metrics);
        List<String> steps = lines.stream().filter(l -> l.startsWith("{\"event\":\"step\"")).toList();
        assertEquals(6, steps.size(), String.join("\n", lines));
        for (int i = 0; i < steps.size(); i++) {
            assertTrue(steps.get(i).matches("\\{\"event\":\"step\",\"step\":" + (i + 1) + ",\"time\":\"[^\"]+\","
                    + "\"loss\":[0-9.e-]+,\"lr\":[0-9.e-]+,\"images\":12,\"images_per_s\":[0-9.e+-]+}"), steps.get(i));
        }
        String evaluation = lines.stream().filter(l -> l.startsWith("{\"event\":\"eval\",\"step\":6,")).findFirst()
                .orElseThrow(() -> new AssertionError(String.join("\n", lines)));
        Matcher top1 = Pattern.compile("\"top1\":([0-9.e-]+)").matcher(evaluation);
        assertTrue(top1.find(), evaluation);
        assertEquals(printedTop1, String.format(java.util.Locale.ROOT, "top-1: %.1f%%", 100 * Double.parseDouble(top1.group(1))));
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\{\"event\":\"checkpoint\",\"step\":6,.*\"write_s\":[0-9.e-]+,"
                + "\"step_loop_wait_s\":[0-9.e-]+}")), String.join("\n", lines));
        assertTrue(lines.get(lines.size() - 1).matches("\\{\"event\":\"end\",\"step\":6,.*\"state\":\"finished\","
                + "\"skipped\":\\{}}"), lines.get(lines.size() - 1));
    }

    @Test
    void anUnknownKeyIsRefusedInOneSentenceBeforeAnythingStarts() {
        CommandRun result = bit("train", "bit.data.train=" + train, "bit.train.lr_max=3");
        assertEquals(1, result.exitCode());
        assertEquals("error: unknown setting bit.train.lr_max; did you mean bit.train.lr?\n", result.err());
        assertEquals("", result.out());
    }

    @Test
    void anIllTypedKeyIsRefusedNamingIt() {
        CommandRun result = bit("train", "bit.data.train=" + train, "bit.train.batch=big");
        assertEquals(1, result.exitCode());
        assertEquals("error: bit.train.batch must be a positive whole number, but is \"big\".\n", result.err());
    }

    @Test
    void aMissingDataFolderIsNamed() {
        Path missing = dir.resolve("nowhere");
        CommandRun result = bit("train", "bit.data.train=" + missing);
        assertEquals(1, result.exitCode());
        assertTrue(result.err().startsWith("error: ") && result.err().contains(missing.toString())
                && result.err().strip().lines().count() == 1, result.err());
    }

    @Test
    void evalRefusesAMissingCheckpointAndUnknownCommandsAreUsageErrors() {
        CommandRun missing = bit("eval", "--checkpoint", dir.resolve("none").toString(), "--data", eval.toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().contains(dir.resolve("none").toString()), missing.err());
        assertEquals(2, bit("fly").exitCode());
        assertEquals(2, bit("eval", "--data").exitCode());
    }

    @Test
    void badFilesAreSkippedCountedAndReportedWhileTrainingGoesOn() throws Exception {
        Path data = TinyImageFolder.write(dir.resolve("with-bad-files"), 4, 5);
        Path folder = data.resolve(TinyImageFolder.CLASSES[0]);
        byte[] jpeg = Files.readAllBytes(folder.resolve("001.jpg"));
        Files.write(folder.resolve("cut.jpg"), java.util.Arrays.copyOf(jpeg, jpeg.length / 2));
        Files.writeString(folder.resolve("notes.png"), "not an image");
        Files.write(folder.resolve("empty.jpg"), new byte[0]);
        CommandRun trained = bit("train", "bit.data.train=" + data, "bit.data.resolution=16", "bit.model.units=[1,1,1,1]",
                "bit.model.width=0.0625", "bit.model.groups=2", "bit.train.steps=3", "bit.train.batch=15");
        assertEquals(0, trained.exitCode(), trained.err());
        assertTrue(trained.out().contains("skipped 3 inputs: empty 1, not-an-image 1, truncated 1\n"), trained.out());
        line(trained.out(), "trained to step 3 ");
    }

    @Test
    void benchTrainEndsWithOneJsonLineOfItsFigures() {
        CommandRun bench = bit("bench", "train", "bit.model.units=[1,1,1,1]", "bit.model.width=0.0625", "bit.model.groups=2",
                "--resolution", "16", "--batch", "2", "--steps", "2");
        assertEquals(0, bench.exitCode(), bench.err());
        List<String> lines = bench.out().lines().toList();
        String json = lines.get(lines.size() - 1);
        assertTrue(json.matches("\\{\"bench\":\"train\",\"model\":\"custom\",\"resolution\":16,\"batch\":2,"
                + "\"steps\":2,\"threads\":\\d+,\"omp_wait_policy\":\"passive\",\"step_s\":[0-9.]+,\"img_s\":[0-9.]+,"
                + "\"gflop_s\":[0-9.]+,\"peak_rss_mb\":\\d+}"), json);
        double stepSeconds = Double.parseDouble(json.replaceAll(".*\"step_s\":([0-9.]+).*", "$1"));
        double imagesPerSecond = Double.parseDouble(json.replaceAll(".*\"img_s\":([0-9.]+).*", "$1"));
        assertEquals(2 / stepSeconds, imagesPerSecond, 0.01 * imagesPerSecond);
        assertEquals(2, bit("bench").exitCode());
        assertEquals(1, bit("bench", "train", "--batch", "0").exitCode());
    }
}
