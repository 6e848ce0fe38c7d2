package io.bigtransfer.actors.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bigtransfer.streams.SkipReason;
import io.bigtransfer.streams.SkippedInputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {

    @Test
    void appendsOneJsonObjectPerEventWithNullForNonNumbersAndEscapedText(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run/metrics.jsonl");
        SkippedInputs skipped = new SkippedInputs();
        skipped.record("a.png", SkipReason.values()[0], "test");
        try (MetricsLog log = MetricsLog.appendTo(file, skipped)) {
            log.accept(new TrainingEvent.StepCompleted(1, 2, Double.NaN, 0.5, 4));
            log.accept(new TrainingEvent.CheckpointSaved(1, "dir/\"odd\"\nname", 0.25, 0));
        }
        try (MetricsLog log = MetricsLog.appendTo(file, skipped)) {
            log.accept(new TrainingEvent.Failed("disk full"));
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size(), "a second log appends");
        assertTrue(lines.get(0).matches("\\{\"event\":\"step\",\"step\":1,\"time\":\"[^\"]+\",\"loss\":null,\"lr\":0\\.500000,"
                + "\"images\":4,\"images_per_s\":[0-9.e+-]+}"), lines.get(0));
        assertTrue(lines.get(1).endsWith(",\"path\":\"dir/\\\"odd\\\"\\nname\",\"write_s\":0.250000,\"step_loop_wait_s\":0}"),
                lines.get(1));
        assertTrue(lines.get(2).matches("\\{\"event\":\"end\",\"time\":\"[^\"]+\",\"state\":\"failed\",\"reason\":\"disk full\","
                + "\"skipped\":\\{\"" + SkipReason.values()[0].label() + "\":1}}"), lines.get(2));
    }
}
