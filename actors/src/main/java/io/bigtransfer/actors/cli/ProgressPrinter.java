package io.bigtransfer.actors.cli;

import io.bigtransfer.actors.training.TrainingEvent;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The progress bar of a foreground run: step, loss, learning rate, images/s and ETA. On a terminal
 * it redraws one line; otherwise (a log file, CI) it prints a line every twentieth of the run.
 * Images/s counts training only: the clock restarts after an evaluation (checkpoints are
 * written while training goes on).
 */
public final class ProgressPrinter implements Consumer<TrainingEvent> {
    private static final int BAR_WIDTH = 24;
    private static final double SMOOTHING = 0.1;

    private final PrintStream out;
    private final boolean redraw;
    private long lastNanos = System.nanoTime();
    private double secondsPerStep = Double.NaN;
    private double imagesPerSecond = Double.NaN;
    private boolean lineOpen;

    public ProgressPrinter(PrintStream out, boolean redraw) {
        this.out = out;
        this.redraw = redraw;
    }

    @Override
    public void accept(TrainingEvent event) {
        long now = System.nanoTime();
        if (event instanceof TrainingEvent.StepCompleted step) {
            double seconds = (now - lastNanos) / 1e9;
            secondsPerStep = smooth(secondsPerStep, seconds);
            imagesPerSecond = smooth(imagesPerSecond, step.examples() / seconds);
            printStep(step);
            lastNanos = System.nanoTime();
        } else if (event instanceof TrainingEvent.EvaluationCompleted evaluation) {
            finishLine();
            out.printf(Locale.ROOT, "step %d: eval top-1 %s, top-5 %s, loss %.4f%n", evaluation.step(),
                    Reports.percent(evaluation.report().top1()), Reports.percent(evaluation.report().top5()),
                    evaluation.report().meanLoss());
            lastNanos = System.nanoTime();
        } else if (event instanceof TrainingEvent.CheckpointSaved saved) {
            finishLine();
            out.printf(Locale.ROOT, "step %d: checkpoint %s (written in %.2f s, training waited %.2f s)%n",
                    saved.step(), saved.location(), saved.writeSeconds(), saved.stepLoopWaitSeconds());
        } else if (event instanceof TrainingEvent.WorkerJoined joined) {
            finishLine();
            out.printf(Locale.ROOT, "step %d: worker %s joined (%d workers)%n", joined.step(), joined.worker(),
                    joined.workers());
        } else if (event instanceof TrainingEvent.WorkerLeft left) {
            finishLine();
            out.printf(Locale.ROOT, "step %d: worker %s left: %s (%d workers)%n", left.step(), left.worker(),
                    left.reason(), left.workers());
        } else {
            finishLine();
        }
    }

    private void printStep(TrainingEvent.StepCompleted step) {
        long every = Math.max(1, step.totalSteps() / 20);
        boolean last = step.step() == step.totalSteps();
        if (!redraw && step.step() % every != 0 && !last && step.step() != 1) {
            return;
        }
        int filled = (int) (BAR_WIDTH * step.step() / step.totalSteps());
        String bar = "=".repeat(filled) + (filled < BAR_WIDTH ? ">" + " ".repeat(BAR_WIDTH - filled - 1) : "");
        long etaSeconds = Math.round(secondsPerStep * (step.totalSteps() - step.step()));
        String line = String.format(Locale.ROOT, "step %d/%d [%s] loss %.4f lr %.5f %.0f img/s ETA %d:%02d", step.step(),
                step.totalSteps(), bar, step.meanLoss(), step.lr(), imagesPerSecond, etaSeconds / 60, etaSeconds % 60);
        if (redraw) {
            out.print("\r" + line);
            lineOpen = true;
            if (last) {
                finishLine();
            }
        } else {
            out.println(line);
        }
        out.flush();
    }

    private void finishLine() {
        if (lineOpen) {
            out.println();
            lineOpen = false;
        }
    }

    private static double smooth(double average, double sample) {
        return Double.isNaN(average) ? sample : average + SMOOTHING * (sample - average);
    }
}
