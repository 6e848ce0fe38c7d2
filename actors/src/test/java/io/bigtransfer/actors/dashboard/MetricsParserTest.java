package io.bigtransfer.actors.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bigtransfer.actors.training.MetricsLog;
import io.bigtransfer.actors.training.TrainingEvent;
import io.bigtransfer.model.EvaluationReport;
import io.bigtransfer.streams.SkipReason;
import io.bigtransfer.streams.SkippedInputs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsParserTest {

    @Test
    void readsJsonValuesOfEveryKindTheMetricsFileUses() {
        Map<String, Object> object = JsonLineParser.parseObject(
                " {\"a\":\"x\\\"y\\n\\u00e9\",\"b\":-1.5e-3,\"c\":null,\"d\":{\"e\":2},\"f\":[true,false]} ");
        assertEquals("x\"y\né", object.get("a"));
        assertEquals(-0.0015, object.get("b"));
        assertTrue(object.containsKey("c") && object.get("c") == null);
        assertEquals(Map.of("e", 2.0), object.get("d"));
        assertEquals(List.of(true, false), object.get("f"));
        assertThrows(IllegalArgumentException.class, () -> JsonLineParser.parseObject("{\"a\":1"));
        assertThrows(IllegalArgumentException.class, () -> JsonLineParser.parseObject("{\"a\":1} x"));
        assertThrows(IllegalArgumentException.class, () -> JsonLineParser.parseObject("[1]"));
    }

    @Test
    void stepsEvaluationsEventsAndSkippedInputsComeFromTheirLines() {
        MetricsParser parser = new MetricsParser();
        for (String line : List.of(
                "{\"event\":\"step\",\"step\":1,\"time\":\"t1\",\"loss\":2.30000,\"lr\":0.00300000,\"images\":8,"
                        + "\"images_per_s\":4.00000}",
                "{\"event\":\"step\",\"step\":2,\"time\":\"t2\",\"loss\":null,\"lr\":0.00300000,\"images\":8,"
                        + "\"images_per_s\":5.00000}",
                "{\"event\":\"eval\",\"step\":2,\"time\":\"t3\",\"top1\":0.250000,\"top5\":0.750000,\"loss\":1.50000,"
                        + "\"mean_per_class_accuracy\":0.200000,\"images\":16}",
                "{\"event\":\"lr_changed\",\"step\":2,\"time\":\"t4\",\"scale\":0.500000,\"next_lr\":0.00150000}",
                "not json",
                "",
                "{\"event\":\"end\",\"step\":2,\"time\":\"t5\",\"state\":\"finished\","
                        + "\"skipped\":{\"corrupt\":3,\"empty\":1}}")) {
            parser.accept(line);
        }
        JobMetrics metrics = parser.snapshot();
        assertEquals(List.of(new JobMetrics.StepPoint(1, 2.3, 0.003, 8, 4),
                new JobMetrics.StepPoint(2, Double.NaN, 0.003, 8, 5)), metrics.steps());
        assertEquals(List.of(new JobMetrics.EvalPoint(2, 0.25, 0.75, 1.5, 0.2)), metrics.evals());
        assertEquals(List.of(new JobMetrics.Event("lr_changed", 2, "t4", "schedule scaled by 0.5000; next lr 0.001500"),
                new JobMetrics.Event("end", 2, "t5", "finished")), metrics.events());
        assertEquals(Map.of("corrupt", 3L, "empty", 1L), metrics.skipped());
        assertEquals(Optional.of("finished"), metrics.end());
        assertEquals(1, metrics.unreadableLines());
        assertEquals(List.of(new JobMetrics.StepPoint(2, Double.NaN, 0.003, 8, 5)), metrics.after(1).steps());
    }

    @Test
    void aRunThatContinuedFromACheckpointReplacesTheStepsItRepeated() {
        MetricsParser parser = new MetricsParser();
        for (int step = 1; step <= 5; step++) {
            parser.accept("{\"event\":\"step\",\"step\":" + step + ",\"loss\":" + step + "}");
        }
        parser.accept("{\"event\":\"end\",\"step\":5,\"state\":\"stopped\",\"skipped\":{}}");
        parser.accept("{\"event\":\"step\",\"step\":4,\"loss\":40}");
        JobMetrics metrics = parser.snapshot();
        assertEquals(List.of(1L, 2L, 3L, 4L), metrics.steps().stream().map(JobMetrics.StepPoint::step).toList());
        assertEquals(40, metrics.steps().get(3).loss());
        assertEquals(Optional.empty(), metrics.end(), "running again");
    }

    @Test
    void readsWhatTheTrainingsMetricsLogWritesAndOnlyTheNewLinesOnTheNextRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("metrics.jsonl");
        SkippedInputs skipped = new SkippedInputs();
        skipped.record("a.jpg", SkipReason.TRUNCATED, "test");
        MetricsFiles files = new MetricsFiles();
        assertEquals(JobMetrics.EMPTY, files.read(file), "no file yet");
        try (MetricsLog log = MetricsLog.appendTo(file, skipped)) {
            log.accept(new TrainingEvent.StepCompleted(1, 2, 0.75, 0.01, 4));
            assertEquals(1, files.read(file).steps().size());
            log.accept(new TrainingEvent.StepCompleted(2, 2, 0.5, 0.01, 4));
            log.accept(new TrainingEvent.EvaluationCompleted(2,
                    new EvaluationReport(10, 0.6, 0.9, 0.8, new double[2], 0.55)));
            log.accept(new TrainingEvent.CheckpointSaved(2, "ckpt/step-2", 0.25, 0));
            log.accept(new TrainingEvent.Finished(2, null, Optional.empty(), Optional.empty()));
        }
        Files.writeString(file, "{\"event\":\"step\",\"step\":3", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        JobMetrics metrics = files.read(file);
        assertEquals(List.of(0.75, 0.5), metrics.steps().stream().map(JobMetrics.StepPoint::loss).toList());
        assertEquals(List.of(new JobMetrics.EvalPoint(2, 0.6, 0.9, 0.8, 0.55)), metrics.evals());
        assertEquals("ckpt/step-2 (written in 0.3 s)", metrics.events().get(0).detail());
        assertEquals(Map.of("truncated", 1L), metrics.skipped());
        assertEquals(Optional.of("finished"), metrics.end());
        assertEquals(0, metrics.unreadableLines(), "the half-written line waits for its end");
        Files.writeString(file, ",\"loss\":0.25}\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertEquals(3, files.read(file).steps().size());
        Files.writeString(file, "{\"event\":\"step\",\"step\":1,\"loss\":9}\n", StandardCharsets.UTF_8);
        assertEquals(List.of(9.0), files.read(file).steps().stream().map(JobMetrics.StepPoint::loss).toList(),
                "a shorter file was replaced: read afresh");
    }
}
