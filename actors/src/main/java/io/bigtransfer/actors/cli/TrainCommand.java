package io.bigtransfer.actors.cli;

import com.typesafe.config.Config;
import io.bigtransfer.actors.training.MetricsLog;
import io.bigtransfer.actors.training.TrainingEvent;
import io.bigtransfer.actors.training.TrainingJob;
import io.bigtransfer.backend.NativeBackend;
import io.bigtransfer.config.BitConfig;
import io.bigtransfer.config.HyperRule;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** {@code bit train} and {@code bit demo}: one training job in the foreground, then its report. */
final class TrainCommand {
    private static final Duration STOP_GRACE = Duration.ofMinutes(5);
    /** JSON lines of the run's metrics, beside its checkpoints. */
    static final String METRICS_FILE = "metrics.jsonl";

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
        out.println("hyperrule: " + job.hyperRule().name().toLowerCase(Locale.ROOT)
                + (job.hyperRule() == HyperRule.OFF ? " (explicit settings and the upstream defaults)"
                : " (it derived the settings above that were left unset)"));
        job.start().resumedFrom().ifPresent(checkpoint ->
                out.printf("continuing from %s at step %d%n", checkpoint, job.start().step()));
        Optional<MetricsLog> metrics = job.checkpointDirectory()
                .map(dir -> MetricsLog.appendTo(dir.resolve(METRICS_FILE), job.skipped()));
        metrics.ifPresent(log -> out.println("metrics: " + job.checkpointDirectory().orElseThrow().resolve(METRICS_FILE)));
        if (metrics.isEmpty() && BitConfig.isSetByUser(config, "bit.checkpoint.dir")) {
            out.println("metrics: none (the metrics file is written beside local checkpoints only)");
        }
        Consumer<TrainingEvent> observer = new ProgressPrinter(out, System.console() != null);
        if (metrics.isPresent()) {
            observer = observer.andThen(metrics.get());
        }
        // On a stop signal (SIGTERM, Ctrl-C) the hook lets the current step finish and be checkpointed, and holds
        // the JVM until this command has reported it, at most STOP_GRACE.
        CountDownLatch reported = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            job.requestStop();
            awaitQuietly(reported);
        }, "stop-on-sigterm");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return report(job, job.run(observer), started, out);
        } finally {
            metrics.ifPresent(MetricsLog::close);
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running; it returns now.
            }
        }
    }

    private static int report(TrainingJob job, TrainingEvent end, long started, PrintStream out) {
        if (end instanceof TrainingEvent.Failed failed) {
            throw new IllegalStateException("training failed: " + failed.reason());
        }
        if (end instanceof TrainingEvent.Stopped stopped) {
            out.printf(Locale.ROOT, "%nstopped at step %d on a stop signal; checkpoint: %s; the same command continues%n",
                    stopped.step(), stopped.lastCheckpoint().orElse("none (bit.checkpoint.dir is not set)"));
            return 143;
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

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(STOP_GRACE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
