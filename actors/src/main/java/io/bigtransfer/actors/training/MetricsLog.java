package io.bigtransfer.actors.training;

import io.bigtransfer.model.EvaluationReport;
import io.bigtransfer.streams.SkipReason;
import io.bigtransfer.streams.SkippedInputs;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Consumer;

/**
 * A run's metrics as JSON lines, one per event, appended (a resumed run continues the file):
 * {@code step} (loss, lr, images, images/s), {@code eval} (top-1, top-5, loss, mean per-class
 * accuracy), {@code checkpoint} (seconds the write took and seconds the step loop waited for it,
 * the cost of saving to training), an operator's {@code lr_changed} (the schedule's new
 * multiplier), {@code paused} and {@code resumed}, and {@code end} (state, step, skipped inputs by reason). Every
 * line carries the step and the wall-clock time; a value that is not a number is written as null.
 */
public final class MetricsLog implements Consumer<TrainingEvent>, AutoCloseable {
    private final BufferedWriter writer;
    private final SkippedInputs skipped;
    private long lastStepNanos = System.nanoTime();

    private MetricsLog(BufferedWriter writer, SkippedInputs skipped) {
        this.writer = writer;
        this.skipped = skipped;
    }

    /** Appends to {@code file}, creating it (and its folder) when missing. */
    public static MetricsLog appendTo(Path file, SkippedInputs skipped) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return new MetricsLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND), skipped);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the metrics file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void accept(TrainingEvent event) {
        if (event instanceof TrainingEvent.StepCompleted step) {
            long now = System.nanoTime();
            double seconds = (now - lastStepNanos) / 1e9;
            lastStepNanos = now;
            write(line("step", step.step()).number("loss", step.meanLoss()).number("lr", step.lr())
                    .number("images", step.examples()).number("images_per_s", step.examples() / seconds));
        } else if (event instanceof TrainingEvent.EvaluationCompleted evaluation) {
            EvaluationReport report = evaluation.report();
            write(line("eval", evaluation.step()).number("top1", report.top1()).number("top5", report.top5())
                    .number("loss", report.meanLoss()).number("mean_per_class_accuracy", report.meanPerClassAccuracy())
                    .number("images", report.count()));
        } else if (event instanceof TrainingEvent.CheckpointSaved saved) {
            write(line("checkpoint", saved.step()).text("path", saved.location()).number("write_s", saved.writeSeconds())
                    .number("step_loop_wait_s", saved.stepLoopWaitSeconds()));
        } else if (event instanceof TrainingEvent.LearningRateChanged changed) {
            write(line("lr_changed", changed.step()).number("scale", changed.scale())
                    .number("next_lr", changed.nextLr()));
        } else if (event instanceof TrainingEvent.Paused paused) {
            write(line("paused", paused.step()));
        } else if (event instanceof TrainingEvent.Resumed resumed) {
            write(line("resumed", resumed.step()));
        } else if (event instanceof TrainingEvent.WorkerJoined joined) {
            write(line("worker_joined", joined.step()).text("worker", joined.worker()).number("workers", joined.workers()));
        } else if (event instanceof TrainingEvent.WorkerLeft left) {
            write(line("worker_left", left.step()).text("worker", left.worker()).text("reason", left.reason())
                    .number("workers", left.workers()));
        } else if (event instanceof TrainingEvent.Finished finished) {
            writeEnd("finished", finished.step(), null);
        } else if (event instanceof TrainingEvent.Stopped stopped) {
            writeEnd("stopped", stopped.step(), null);
        } else if (event instanceof TrainingEvent.Failed failed) {
            writeEnd("failed", -1, failed.reason());
        }
    }

    private void writeEnd(String state, long step, String reason) {
        Line end = line("end", step).text("state", state);
        if (reason != null) {
            end.text("reason", reason);
        }
        StringJoiner counts = new StringJoiner(",", "{", "}");
        for (Map.Entry<SkipReason, Long> entry : skipped.snapshot().entrySet()) {
            counts.add(Line.quote(entry.getKey().label()) + ":" + entry.getValue());
        }
        write(end.raw("skipped", counts.toString()));
    }

    private static Line line(String event, long step) {
        Line line = new Line().text("event", event);
        if (step >= 0) {
            line.number("step", step);
        }
        return line.text("time", Instant.now().toString());
    }

    private void write(Line line) {
        try {
            writer.write(line.toString());
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the metrics file: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the metrics file: " + e.getMessage(), e);
        }
    }

    /** One JSON object, fields in the order added. */
    private static final class Line {
        private final StringJoiner fields = new StringJoiner(",", "{", "}");

        Line text(String name, String value) {
            return raw(name, quote(value));
        }

        Line number(String name, double value) {
            if (!Double.isFinite(value)) {
                return raw(name, "null");
            }
            return raw(name, value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                    : String.format(Locale.ROOT, "%.6g", value));
        }

        Line raw(String name, String json) {
            fields.add(quote(name) + ":" + json);
            return this;
        }

        static String quote(String text) {
            StringBuilder quoted = new StringBuilder("\"");
            for (char c : text.toCharArray()) {
                switch (c) {
                    case '"' -> quoted.append("\\\"");
                    case '\\' -> quoted.append("\\\\");
                    case '\n' -> quoted.append("\\n");
                    default -> {
                        if (c < 0x20) {
                            quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                        } else {
                            quoted.append(c);
                        }
                    }
                }
            }
            return quoted.append('"').toString();
        }

        @Override
        public String toString() {
            return fields.toString();
        }
    }
}
