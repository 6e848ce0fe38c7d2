package io.bigtransfer.actors.cli;

import io.bigtransfer.model.EvaluationReport;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** The evaluation report every command prints: {@code top-1: 91.3%} lines, then per-class accuracy. */
final class Reports {
    private Reports() {
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }

    static void print(PrintStream out, EvaluationReport report, List<String> classNames) {
        out.println("images: " + report.count());
        out.println("top-1: " + percent(report.top1()));
        out.println("top-5: " + percent(report.top5()));
        out.printf(Locale.ROOT, "loss: %.4f%n", report.meanLoss());
        out.println("mean per-class accuracy: " + percent(report.meanPerClassAccuracy()));
        out.println("per-class accuracy:");
        int width = classNames.stream().mapToInt(String::length).max().orElse(0);
        for (int c = 0; c < classNames.size(); c++) {
            double accuracy = report.perClassAccuracy()[c];
            out.printf(Locale.ROOT, "  %-" + width + "s  %s%n", classNames.get(c), Double.isNaN(accuracy) ? "no images" : percent(accuracy));
        }
    }
}
