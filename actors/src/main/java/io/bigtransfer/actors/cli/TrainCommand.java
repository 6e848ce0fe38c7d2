package io.bigtransfer.actors.cli;

import com.typesafe.config.Config;
import io.bigtransfer.actors.training.TrainingEvent;
import io.bigtransfer.actors.training.TrainingJob;
import io.bigtransfer.backend.NativeBackend;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/** {@code bit train} and {@code bit demo}: one training job in the foreground, then its report. */
final class TrainCommand {
    private TrainCommand() {
    }

    /** @return the exit code */
    static int run(Config config, Path baseDirectory, PrintStream out) {
        long started = System.nanoTime();
        TrainingJob job = TrainingJob.prepare(config, baseDirectory);
        out.println("resolved settings:");
        out.println(job.resolvedConfig().indent(2).stripTrailing());
        out.printf(Locale.ROOT, "model: %s, %,d training images, %s held-out images%n", job.spec(), job.trainData().size(),
                job.evalData().map(d -> String.format(Locale.ROOT, "%,d", d.size())).orElse("no"));
        job.start().resumedFrom().ifPresent(checkpoint ->
                out.printf("continuing from %s at step %d%n", checkpoint, job.start().step()));
        TrainingEvent end = job.run(new ProgressPrinter(out, System.console() != null));
        if (end instanceof TrainingEvent.Failed failed) {
            throw new IllegalStateException("training failed: " + failed.reason());
        }
        TrainingEvent.Finished finished = (TrainingEvent.Finished) end;
        out.println();
        out.printf(Locale.ROOT, "trained to step %d in %.0f s (%s)%n", finished.step(), (System.nanoTime() - started) / 1e9,
                NativeBackend.describe());
        finished.lastEvaluation().ifPresent(report -> Reports.print(out, report, job.trainData().classNames()));
        finished.lastCheckpoint().ifPresent(location -> out.println("checkpoint: " + location));
        if (job.skipped().total() > 0) {
            out.println(job.skipped().summary());
        }
        return 0;
    }
}
