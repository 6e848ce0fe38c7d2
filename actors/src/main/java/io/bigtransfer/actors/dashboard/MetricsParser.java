package io.bigtransfer.actors.dashboard;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the lines of a {@code metrics.jsonl} (written by the training's {@code MetricsLog}) into
 * {@link JobMetrics}, one line at a time. A job that continued from a checkpoint appends steps it
 * had already logged once; the later lines win, so each plot shows the run as it finally went.
 */
final class MetricsParser {
    private final List<JobMetrics.StepPoint> steps = new ArrayList<>();
    private final List<JobMetrics.EvalPoint> evals = new ArrayList<>();
    private final List<JobMetrics.Event> events = new ArrayList<>();
    private Map<String, Long> skipped = Map.of();
    private Optional<String> end = Optional.empty();
    private int unreadableLines;

    void accept(String line) {
        if (line.isBlank()) {
            return;
        }
        Map<String, Object> fields;
        try {
            fields = JsonLineParser.parseObject(line);
        } catch (IllegalArgumentException e) {
            unreadableLines++;
            return;
        }
        String kind = text(fields, "event");
        long step = (long) number(fields, "step", -1);
        switch (kind) {
            case "step" -> {
                steps.subList(firstStepAtOrAfter(step), steps.size()).clear();
                steps.add(new JobMetrics.StepPoint(step, number(fields, "loss"), number(fields, "lr"),
                        number(fields, "images"), number(fields, "images_per_s")));
                end = Optional.empty();
            }
            case "eval" -> {
                evals.removeIf(e -> e.step() >= step);
                evals.add(new JobMetrics.EvalPoint(step, number(fields, "top1"), number(fields, "top5"),
                        number(fields, "loss"), number(fields, "mean_per_class_accuracy")));
            }
            case "end" -> {
                end = Optional.of(text(fields, "state"));
                skipped = counts(fields.get("skipped"));
                events.add(new JobMetrics.Event(kind, step, text(fields, "time"), describeEnd(fields)));
            }
            default -> events.add(new JobMetrics.Event(kind, step, text(fields, "time"), describe(kind, fields)));
        }
    }

    JobMetrics snapshot() {
        return new JobMetrics(List.copyOf(steps), List.copyOf(evals), List.copyOf(events), skipped, end, unreadableLines);
    }

    private int firstStepAtOrAfter(long step) {
        int index = steps.size();
        while (index > 0 && steps.get(index - 1).step() >= step) {
            index--;
        }
        return index;
    }

    private static String describe(String kind, Map<String, Object> fields) {
        return switch (kind) {
            case "checkpoint" -> String.format(Locale.ROOT, "%s (written in %.1f s)", text(fields, "path"),
                    number(fields, "write_s"));
            case "lr_changed" -> String.format(Locale.ROOT, "schedule scaled by %.4g; next lr %.4g",
                    number(fields, "scale"), number(fields, "next_lr"));
            default -> "";
        };
    }

    private static String describeEnd(Map<String, Object> fields) {
        String reason = text(fields, "reason");
        return text(fields, "state") + (reason.isEmpty() ? "" : ": " + reason);
    }

    private static Map<String, Long> counts(Object value) {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((reason, count) -> {
                if (count instanceof Double number) {
                    counts.put(reason.toString(), number.longValue());
                }
            });
        }
        return Collections.unmodifiableMap(counts);
    }

    private static String text(Map<String, Object> fields, String name) {
        Object value = fields.get(name);
        return value == null ? "" : value.toString();
    }

    private static double number(Map<String, Object> fields, String name) {
        return number(fields, name, Double.NaN);
    }

    private static double number(Map<String, Object> fields, String name, double missing) {
        return fields.get(name) instanceof Double value ? value : missing;
    }
}
