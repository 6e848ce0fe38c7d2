package io.bigtransfer.actors.dashboard;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The four charts of a job page, over one shared step axis: training loss, learning rate,
 * evaluation accuracy (top-1 and top-5, in percent) and throughput (images per second). Each
 * colour belongs to one line and appears nowhere else on the page.
 */
final class JobCharts {
    static final String LOSS_COLOUR = "#d62728";
    static final String LR_COLOUR = "#2ca02c";
    static final String TOP1_COLOUR = "#1f77b4";
    static final String TOP5_COLOUR = "#ff7f0e";
    static final String THROUGHPUT_COLOUR = "#9467bd";
    static final int WIDTH = 560;
    static final int HEIGHT = 250;
    private static final int MAX_POINTS = 600;

    private JobCharts() {
    }

    static String render(JobMetrics metrics) {
        long lastStep = Math.max(metrics.lastStep().map(JobMetrics.StepPoint::step).orElse(0L),
                metrics.lastEval().map(JobMetrics.EvalPoint::step).orElse(0L));
        double stepsEnd = Math.max(1, lastStep);
        String loss = chart("Training loss").xRange(0, stepsEnd).render(List.of(
                series("loss", LOSS_COLOUR, metrics.steps(), JobMetrics.StepPoint::loss)));
        String lr = chart("Learning rate").xRange(0, stepsEnd).render(List.of(
                series("lr", LR_COLOUR, metrics.steps(), JobMetrics.StepPoint::lr)));
        String accuracy = chart("Evaluation accuracy (%)").xRange(0, stepsEnd).yRange(0, 100).render(List.of(
                evalSeries("top-1", TOP1_COLOUR, metrics.evals(), JobMetrics.EvalPoint::top1),
                evalSeries("top-5", TOP5_COLOUR, metrics.evals(), JobMetrics.EvalPoint::top5)));
        String throughput = chart("Images per second").xRange(0, stepsEnd).render(List.of(
                series("images/s", THROUGHPUT_COLOUR, metrics.steps(), JobMetrics.StepPoint::imagesPerSecond)));
        return "<div class=\"charts\">" + loss + lr + accuracy + throughput + "</div>";
    }

    private static LineChart chart(String title) {
        return new LineChart(title, "step", WIDTH, HEIGHT);
    }

    private static Series series(String name, String colour, List<JobMetrics.StepPoint> steps,
                                 ToDoubleFunction<JobMetrics.StepPoint> value) {
        return new Series(name, colour, steps.stream().filter(p -> Double.isFinite(value.applyAsDouble(p)))
                .map(p -> new Series.Point(p.step(), value.applyAsDouble(p))).toList()).thinnedTo(MAX_POINTS);
    }

    private static Series evalSeries(String name, String colour, List<JobMetrics.EvalPoint> evals,
                                     ToDoubleFunction<JobMetrics.EvalPoint> fraction) {
        return new Series(name, colour, evals.stream().filter(p -> Double.isFinite(fraction.applyAsDouble(p)))
                .map(p -> new Series.Point(p.step(), 100 * fraction.applyAsDouble(p))).toList()).thinnedTo(MAX_POINTS);
    }
}
