package io.bigtransfer.actors.training;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import io.bigtransfer.backend.NativeBackend;
import io.bigtransfer.checkpoints.CheckpointLocations;
import io.bigtransfer.checkpoints.OpenedCheckpointStore;
import io.bigtransfer.checkpoints.PixelNormalization;
import io.bigtransfer.config.BackendSettings;
import io.bigtransfer.config.BitConfig;
import io.bigtransfer.config.S3Settings;
import io.bigtransfer.config.DataSettings;
import io.bigtransfer.config.HyperRule;
import io.bigtransfer.config.TrainSettings;
import io.bigtransfer.config.WorkerSettings;
import io.bigtransfer.model.GradientEngine;
import io.bigtransfer.model.HeInitializer;
import io.bigtransfer.model.LearningRateSchedule;
import io.bigtransfer.model.ModelSpec;
import io.bigtransfer.model.SgdMomentum;
import io.bigtransfer.streams.Dataset;
import io.bigtransfer.streams.ImageDecoder;
import io.bigtransfer.streams.ImagePipeline;
import io.bigtransfer.streams.SkippedInputs;
import io.bigtransfer.streams.TrainingRanges;
import io.bigtransfer.streams.Transform;
import io.bigtransfer.streams.s3.S3Uri;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training job in this JVM: settings (with what a HyperRule derives), data and the checkpoint
 * to continue from (the latest in {@code bit.checkpoint.dir}, if any) are checked when it is
 * prepared, before anything starts; {@link #run} builds one engine and worker per configured
 * worker, the coordinator, the evaluation and the checkpoint store, trains, and tears everything
 * down again.
 */
public final class TrainingJob implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingJob.class);
    /** Generous: a step only misses it when every worker hangs; one that straggles is given up on sooner. */
    private static final Duration STEP_DEADLINE = Duration.ofMinutes(30);

    private final JobSetup setup;
    private final DataAccess dataAccess;
    private final Path baseDirectory;
    /** Whether this job opened {@link #dataAccess} itself, and so closes it. */
    private final boolean ownsDataAccess;
    private final TrainSettings train;
    private final DataSettings data;
    /** The checkpoint store of {@code bit.checkpoint.dir} (a folder or an s3:// prefix), open for the job's life. */
    private final Optional<OpenedCheckpointStore> checkpoints;
    private final StartingPoint start;
    private final SkippedInputs skipped = new SkippedInputs();
    private final AtomicReference<ActorRef<Coordinator.Command>> coordinator = new AtomicReference<>();
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final AtomicBoolean pauseRequested = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Where the coordinator's answers to a pause requested from outside the actors go. */
    private final AtomicReference<ActorRef<Coordinator.ControlReply>> ignoredReplies = new AtomicReference<>();

    private TrainingJob(JobSetup setup, DataAccess dataAccess, boolean ownsDataAccess, Path baseDirectory) {
        this.setup = setup;
        this.dataAccess = dataAccess;
        this.ownsDataAccess = ownsDataAccess;
        this.baseDirectory = baseDirectory;
        this.train = setup.train();
        this.data = setup.data();
        this.checkpoints = setup.checkpoint().dir().map(dir -> CheckpointLocations.open(dir, baseDirectory,
                setup.checkpoint().keep(), setup.checkpoint().keepBestBy(), S3Settings.create(setup.config())));
        ModelSpec spec = setup.spec();
        try {
            this.start = StartingPoint.choose(checkpoints.map(OpenedCheckpointStore::store), spec,
                    setup.trainData().classNames(), data.resolution(), PixelNormalization.of(data.normalize()), train,
                    () -> setup.initial().map(InitialWeights::parameters)
                            .orElseGet(() -> HeInitializer.initialize(spec, train.seed())));
        } catch (RuntimeException e) {
            checkpoints.ifPresent(OpenedCheckpointStore::close);
            throw e;
        }
    }

    /** Checks every setting and opens the data; relative paths are taken from {@code baseDirectory}. */
    public static TrainingJob prepare(Config config, Path baseDirectory) {
        // A device this build or machine cannot use is refused before any data is opened.
        NativeBackend.select(BackendSettings.create(config).device());
        DataSettings data = DataSettings.create(config);
        DataAccess access = DataAccess.create(config);
        try {
            Dataset train = access.open("bit.data.train", data.requireTrain(), baseDirectory);
            Optional<Dataset> eval = data.eval().map(location -> access.open("bit.data.eval", location, baseDirectory));
            return new TrainingJob(JobSetup.resolve(config, train, eval, baseDirectory), access, true, baseDirectory);
        } catch (RuntimeException e) {
            access.close();
            throw e;
        }
    }

    /**
     * A job on data sets given directly (e.g. few-shot episodes), opened through {@code access},
     * which the job does not close; {@code bit.data.train} and {@code bit.data.eval} are not read.
     */
    public static TrainingJob prepare(Config config, Dataset train, Optional<Dataset> eval, DataAccess access,
                                      Path baseDirectory) {
        NativeBackend.select(BackendSettings.create(config).device());
        return new TrainingJob(JobSetup.resolve(config, train, eval, baseDirectory), access, false, baseDirectory);
    }

    /** Releases what reading the data needs (an S3 connection, an embedded S3 server); {@link #run} does it too. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        checkpoints.ifPresent(OpenedCheckpointStore::close);
        if (ownsDataAccess) {
            dataAccess.close();
        }
    }

    public ModelSpec spec() {
        return setup.spec();
    }

    public Dataset trainData() {
        return setup.trainData();
    }

    public Optional<Dataset> evalData() {
        return setup.evalData();
    }

    /**
     * The local folder of the checkpoints (where {@code bit train} also writes its metrics); empty
     * without {@code bit.checkpoint.dir} or when it is an s3:// prefix.
     */
    public Optional<Path> checkpointDirectory() {
        return checkpoints.map(opened -> opened.store().location()).filter(location -> !S3Uri.isS3(location))
                .map(Path::of);
    }

    /** The running job's coordinator, for operators' commands; empty before {@link #run} has set it up. */
    public Optional<ActorRef<Coordinator.Command>> coordinator() {
        return Optional.ofNullable(coordinator.get());
    }

    /** The HyperRule in force ({@code auto} resolved). */
    public HyperRule hyperRule() {
        return setup.hyperRule();
    }

    public StartingPoint start() {
        return start;
    }

    public SkippedInputs skipped() {
        return skipped;
    }

    /** Every setting of the run, with the values a HyperRule derived: printed at the start, stored in checkpoints. */
    public String resolvedConfig() {
        return BitConfig.render(setup.config());
    }

    /**
     * Asks a running job to finish its current step, checkpoint it and stop: {@link #run} then
     * returns {@link TrainingEvent.Stopped}, after at most one step. A request before the
     * coordinator exists reaches it when it starts.
     */
    public void requestStop() {
        stopRequested.set(true);
        ActorRef<Coordinator.Command> running = coordinator.get();
        if (running != null) {
            running.tell(new Coordinator.StopAfterStep());
        }
    }

    /**
     * Pauses the job after the step in progress; one requested before the coordinator exists
     * starts it paused, before any step. Operators resume it through the coordinator.
     */
    public void requestPause() {
        pauseRequested.set(true);
        ActorRef<Coordinator.Command> running = coordinator.get();
        if (running != null) {
            running.tell(new Coordinator.Pause(ignoredReplies.get()));
        }
    }

    /**
     * Trains to the end and returns the final event, {@link TrainingEvent.Finished},
     * {@link TrainingEvent.Failed} or {@link TrainingEvent.Stopped}; {@code observer} sees every
     * event, on an actor thread.
     */
    public TrainingEvent run(Consumer<TrainingEvent> observer) {
        return run(observer, Optional.empty());
    }

    /**
     * As {@link #run(Consumer)}; with {@code external}, the job's actors run in its actor system
     * (which outlives the job) and workers from beyond this JVM join the configured local ones.
     */
    public TrainingEvent run(Consumer<TrainingEvent> observer, Optional<External> external) {
        // Workers in one JVM run their steps at the same time: they share the native threads.
        NativeBackend.configure(setup.backend().withThreads(Math.max(1, setup.backend().threads() / train.workers())));
        List<ExecutorService> threads = new ArrayList<>();
        ExecutorService decode = Executors.newFixedThreadPool(dataAccess.decodeParallelism(data), EngineThread.daemons("decode"));
        threads.add(decode);
        ExecutorService optimizer = track(threads, EngineThread.start("optimizer"));
        ExecutorService checkpointWriter = track(threads, EngineThread.start("checkpoint-writer"));
        ExecutorService evalThread = track(threads, EngineThread.start("engine-eval"));
        CompletableFuture<TrainingEvent> end = new CompletableFuture<>();
        ActorSystem<JobGuardian> system = null;
        ActorRef<JobGuardian> jobActors = null;
        CompletableFuture<Void> guardianStopped = new CompletableFuture<>();
        Optional<GradientEngine> evalEngine = Optional.empty();
        try {
            List<ExecutorService> workerThreads = new ArrayList<>();
            List<GradientEngine> engines = new ArrayList<>();
            for (int w = 0; w < train.workers(); w++) {
                ExecutorService thread = track(threads, EngineThread.start("engine-" + w));
                workerThreads.add(thread);
                engines.add(EngineThread.buildTrainingEngine(thread, spec(), data.resolution(), train.linearProbe()));
            }
            Optional<GradientEngine> evaluationEngine = setup.evalData().map(
                    ignored -> EngineThread.buildEngine(evalThread, spec(), data.resolution(), data.resolution()));
            evalEngine = evaluationEngine;
            ImagePipeline trainPipeline = pipeline(Transforms.training(data.transform(), data.resolution()), decode);
            ImagePipeline evalPipeline = pipeline(Transforms.evaluation(data.transform(), data.resolution()), decode);
            TrainingRanges ranges = new TrainingRanges(setup.trainData(), train.seed(), train.batch(), trainPipeline,
                    train.mixupAlpha());
            Behavior<JobGuardian> guardian = Behaviors.setup(context -> {
                try {
                    List<WorkerMember> workers = new ArrayList<>();
                    for (int w = 0; w < train.workers(); w++) {
                        SliceSource source = new PrefetchingSliceSource(ranges, context.getSystem(),
                                PrefetchingSliceSource.DEPTH);
                        String name = "local-" + w;
                        workers.add(new WorkerMember(context.spawn(Worker.create(name, source, engines.get(w),
                                workerThreads.get(w), train.batchSplit()), "worker-" + w), name));
                    }
                    Optional<Evaluation> evaluation = evaluationEngine.map(engine -> new StreamEvaluation(
                            setup.evalData().get(), setup.eval().batch(), evalPipeline, engine, evalThread,
                            context.getSystem()));
                    ignoredReplies.set(context.getSystem().ignoreRef());
                    coordinator.set(context.spawn(Coordinator.create(plan(), start.state(), start.step(),
                            start.learningRateScale(), pauseRequested.get(), workers,
                            evaluation, checkpointSink(checkpointWriter), listener(context, observer, end), optimizer),
                            "coordinator"));
                    // Set, then read: a stop or pause requested meanwhile is seen here or by its request method.
                    if (stopRequested.get()) {
                        coordinator.get().tell(new Coordinator.StopAfterStep());
                    }
                    if (pauseRequested.get()) {
                        coordinator.get().tell(new Coordinator.Pause(ignoredReplies.get()));
                    }
                    external.ifPresent(outside -> context.spawn(outside.workers().recruiter(description(outside.jobId()),
                            coordinator.get()), "external-workers"));
                    return Behaviors.receive(JobGuardian.class)
                            .onMessage(JobGuardian.class, stop -> Behaviors.stopped())
                            .onSignal(PostStop.class, signal -> {
                                guardianStopped.complete(null);
                                return Behaviors.same();
                            })
                            .build();
                } catch (RuntimeException e) {
                    // Setting up failed: the guardian stops before the coordinator could report an end.
                    end.complete(new TrainingEvent.Failed("the job's actors could not start: " + Failures.describe(e)));
                    guardianStopped.complete(null);
                    throw e;
                }
            });
            if (external.isPresent()) {
                jobActors = external.get().workers().system().systemActorOf(guardian, "job-" + external.get().jobId(),
                        Props.empty());
            } else {
                system = ActorSystem.create(guardian, "bit");
                jobActors = system;
            }
            // A guardian that fails after setting up stops before any end is reported.
            guardianStopped.thenRun(() ->
                    end.complete(new TrainingEvent.Failed("the training actors stopped unexpectedly")));
            return end.join();
        } finally {
            if (system != null) {
                system.terminate();
                system.getWhenTerminated().toCompletableFuture().join();
            } else if (jobActors != null) {
                jobActors.tell(JobGuardian.STOP);
                guardianStopped.join();
            }
            // Worker engines close when their actors stop; the evaluation engine has no actor.
            evalEngine.ifPresent(engine -> evalThread.execute(engine::close));
            shutdown(threads);
            close();
        }
    }

    /** A job that runs beside others in a cluster member's actor system, with {@code workers} from the cluster. */
    public record External(String jobId, ExternalWorkers workers) {
    }

    /** What stops a job's actors when the job is over. */
    private enum JobGuardian { STOP }

    private ExternalWorkers.JobDescription description(String jobId) {
        Config resolved = setup.config().withOnlyPath("bit");
        return new ExternalWorkers.JobDescription(jobId, resolved.root().render(ConfigRenderOptions.concise()),
                baseDirectory.toAbsolutePath(), spec(), setup.trainData().size(), setup.trainData().classNames());
    }

    private TrainingPlan plan() {
        SgdMomentum optimizer = train.linearProbe()
                ? new SgdMomentum(train.momentum(), train.weightDecay(), ModelSpec::isHead)
                : new SgdMomentum(train.momentum(), train.weightDecay());
        WorkerSettings membership = WorkerSettings.create(setup.config());
        StepRound.Limits limits = new StepRound.Limits(train.batch(), train.mixupAlpha() > 0 ? 2 : 1,
                membership.stragglerDeadline(), STEP_DEADLINE);
        return new TrainingPlan(train.steps(), optimizer, LearningRateSchedule.of(train), setup.eval().every(),
                setup.checkpoint().every(), limits, membership.awaitWorkers());
    }

    private ImagePipeline pipeline(Transform transform, ExecutorService decode) {
        return new ImagePipeline(transform, data.normalize(), ImageDecoder.fastest(),
                dataAccess.decodeParallelism(data), decode, skipped);
    }

    private Optional<CheckpointSink> checkpointSink(ExecutorService writer) {
        return checkpoints.map(opened -> new StoreCheckpointSink(opened.store(),
                ModelDescriptions.of(spec()), setup.trainData().classNames(), PixelNormalization.of(data.normalize()),
                data.resolution(), train.batch(), setup.trainData().size(), resolvedConfig(), writer));
    }

    private static ActorRef<TrainingEvent> listener(ActorContext<JobGuardian> context, Consumer<TrainingEvent> observer,
                                                    CompletableFuture<TrainingEvent> end) {
        Behavior<TrainingEvent> forward = Behaviors.receiveMessage(event -> {
            // An observer that fails (a full disk under the metrics file) must not leave the run without its end.
            try {
                observer.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("an observer of the training events failed at {}: {}", event.getClass().getSimpleName(),
                        Failures.describe(e));
            } finally {
                if (event.isEnd()) {
                    end.complete(event);
                }
            }
            return Behaviors.same();
        });
        return context.spawn(forward, "listener");
    }

    private static ExecutorService track(List<ExecutorService> threads, ExecutorService executor) {
        threads.add(executor);
        return executor;
    }

    private static void shutdown(List<ExecutorService> threads) {
        for (ExecutorService executor : threads) {
            executor.shutdown();
        }
        for (ExecutorService executor : threads) {
            try {
                executor.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
