package io.bigtransfer.actors.daemon;

import com.typesafe.config.Config;
import io.bigtransfer.actors.cli.ProgressPrinter;
import io.bigtransfer.actors.training.Coordinator;
import io.bigtransfer.actors.training.MetricsLog;
import io.bigtransfer.actors.training.TrainingEvent;
import io.bigtransfer.actors.training.ExternalWorkers;
import io.bigtransfer.actors.training.TrainingJob;
import io.bigtransfer.config.BitConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One daemon job training on a thread of its own: it loads the job's config (its checkpoints in
 * the job folder unless the config names a folder), prepares and runs the training job, and writes
 * the job's log and metrics there. A job that already has checkpoints continues from the latest,
 * which is how jobs survive a daemon restart. {@code onEnd} hears the final event, once.
 */
final class RunningJob {
    private final String id;
    private final AtomicReference<TrainingJob> job = new AtomicReference<>();
    private volatile TrainingEvent.StepCompleted lastStep;
    /** Whether the coordinator has actually stopped between steps (not just been asked to). */
    private volatile boolean idlePaused;
    private volatile boolean stopRequested;
    private volatile boolean pauseRequested;
    private final Thread thread;

    private RunningJob(String id, Path configFile, Path baseDirectory, Path folder,
                       Optional<ExternalWorkers> externalWorkers, Consumer<TrainingEvent> onEnd) {
        this.id = id;
        this.thread = new Thread(() -> {
            TrainingEvent end = new TrainingEvent.Failed("job " + id + " ended without a result");
            try {
                end = train(configFile, baseDirectory, folder, externalWorkers);
            } catch (Throwable t) {
                end = new TrainingEvent.Failed("job " + id + " failed: " + t);
            } finally {
                onEnd.accept(end);
            }
        }, "job-" + id);
    }

    static RunningJob start(String id, Path configFile, Path baseDirectory, Path folder,
                            Optional<ExternalWorkers> externalWorkers, Consumer<TrainingEvent> onEnd) {
        RunningJob running = new RunningJob(id, configFile, baseDirectory, folder, externalWorkers, onEnd);
        running.thread.start();
        return running;
    }

    private TrainingEvent train(Path configFile, Path baseDirectory, Path folder,
                                Optional<ExternalWorkers> externalWorkers) {
        try (OutputStream logFile = Files.newOutputStream(folder.resolve("job.log"), StandardOpenOption.CREATE,
                StandardOpenOption.APPEND); PrintStream log = new PrintStream(logFile, true, StandardCharsets.UTF_8)) {
            try {
                Config config = BitConfig.load(Optional.of(configFile), List.of());
                List<String> overrides = new ArrayList<>();
                if (!BitConfig.isSetByUser(config, "bit.checkpoint.dir")) {
                    overrides.add("bit.checkpoint.dir=" + folder.resolve("checkpoints"));
                }
                TrainingJob prepared = TrainingJob.prepare(BitConfig.load(Optional.of(configFile), overrides),
                        baseDirectory);
                log.println("resolved settings:");
                log.println(prepared.resolvedConfig().indent(2).stripTrailing());
                prepared.start().resumedFrom().ifPresent(checkpoint ->
                        log.printf(Locale.ROOT, "continuing from %s at step %d%n", checkpoint, prepared.start().step()));
                job.set(prepared);
                if (stopRequested) {
                    prepared.requestStop();
                }
                if (pauseRequested) {
                    prepared.requestPause();
                }
                try (MetricsLog metrics = MetricsLog.appendTo(folder.resolve("metrics.jsonl"), prepared.skipped())) {
                    Consumer<TrainingEvent> observer = new ProgressPrinter(log, false).andThen(metrics)
                            .andThen(this::remember);
                    TrainingEvent end = prepared.run(observer,
                            externalWorkers.map(workers -> new TrainingJob.External(id, workers)));
                    if (prepared.skipped().total() > 0) {
                        log.println(prepared.skipped().summary());
                    }
                    return end;
                }
            } catch (RuntimeException e) {
                log.println("error: " + e.getMessage());
                // A job that failed before or while running releases its S3 connections and servers.
                Optional.ofNullable(job.get()).ifPresent(TrainingJob::close);
                return new TrainingEvent.Failed(e.getMessage() == null ? e.toString() : e.getMessage());
            }
        } catch (IOException e) {
            return new TrainingEvent.Failed("cannot write the log of " + id + ": " + e.getMessage());
        }
    }

    private void remember(TrainingEvent event) {
        if (event instanceof TrainingEvent.StepCompleted step) {
            lastStep = step;
        } else if (event instanceof TrainingEvent.Paused) {
            idlePaused = true;
        } else if (event instanceof TrainingEvent.Resumed) {
            idlePaused = false;
        }
    }

    /** The running coordinator, once the job has set up; empty while it prepares. */
    Optional<org.apache.pekko.actor.typed.ActorRef<Coordinator.Command>> coordinator() {
        return Optional.ofNullable(job.get()).flatMap(TrainingJob::coordinator);
    }

    /** Asks the job to checkpoint its current step and stop (at once if it has not started training). */
    void requestStop() {
        stopRequested = true;
        TrainingJob prepared = job.get();
        if (prepared != null) {
            prepared.requestStop();
        }
    }

    /** Starts the job paused, before any step: it was paused when the daemon stopped. */
    void pauseAsSoonAsItRuns() {
        pauseRequested = true;
        TrainingJob prepared = job.get();
        if (prepared != null) {
            prepared.requestPause();
        }
    }

    /** e.g. {@code step 120/500 loss 0.4123 lr 0.00250}, {@code (between steps)} once paused, or {@code preparing}. */
    String progress() {
        TrainingEvent.StepCompleted step = lastStep;
        if (step == null) {
            return job.get() == null ? "preparing" : "starting";
        }
        return String.format(Locale.ROOT, "step %d/%d loss %.4f lr %.5g%s", step.step(), step.totalSteps(),
                step.meanLoss(), step.lr(), idlePaused ? " (between steps)" : "");
    }
}
