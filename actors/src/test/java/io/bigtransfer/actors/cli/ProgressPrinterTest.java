package io.bigtransfer.actors.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bigtransfer.actors.training.TrainingEvent;
import io.bigtransfer.model.EvaluationReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {

    @Test
    void printsStepLossImagesPerSecondAndEtaEveryTwentiethOfTheRunWithoutATerminal() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressPrinter printer = new ProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        for (int step = 1; step <= 40; step++) {
            Thread.sleep(2);
            printer.accept(new TrainingEvent.StepCompleted(step, 40, 1.0 / step, 0.1, 64));
        }
        printer.accept(new TrainingEvent.EvaluationCompleted(40,
                new EvaluationReport(10, 0.913, 0.998, 0.25, new double[] {0.9}, 0.9)));
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        // Step 1, then every second step (40 / 20), then the evaluation.
        assertEquals(1 + 20 + 1, lines.size(), String.join("\n", lines));
        String last = lines.get(lines.size() - 2);
        assertTrue(last.matches("step 40/40 \\[=+\\] loss 0\\.0250 lr 0\\.10000 \\d+ img/s ETA 0:00"), last);
        assertTrue(lines.get(1).matches("step 2/40 \\[=>\\s+\\] loss 0\\.5000 lr 0\\.10000 \\d+ img/s ETA \\d+:\\d\\d"),
                lines.get(1));
        assertEquals("step 40: eval top-1 91.3%, top-5 99.8%, loss 0.2500", lines.get(lines.size() - 1));
    }
}
