package io.bigtransfer.actors.training;

import com.typesafe.config.Config;
import io.bigtransfer.backend.NativeBackend;
import io.bigtransfer.checkpoints.LocalCheckpointStore;
import io.bigtransfer.checkpoints.PixelNormalization;
import io.bigtransfer.config.BackendSettings;
import io.bigtransfer.config.BitConfig;
import io.bigtransfer.config.CheckpointSettings;
import io.bigtransfer.config.DataSettings;
import io.bigtransfer.config.EvalSettings;
import io.bigtransfer.config.HyperRule;
import io.bigtransfer.config.Normalization;
import io.bigtransfer.config.ModelSettings;
import io.bigtransfer.config.SettingsException;
import io.bigtransfer.config.TrainSettings;
import io.bigtransfer.model.GradientEngine;
import io.bigtransfer.model.HeInitializer;
import io.bigtransfer.model.LearningRateSchedule;
import io.bigtransfer.model.ModelSpec;
import io.bigtransfer.model.SgdMomentum;
import io.bigtransfer.model.Variants;
import io.bigtransfer.streams.DownstreamEval;
import io.bigtransfer.streams.DownstreamTrain;
import io.bigtransfer.streams.FolderDataset;
import io.bigtransfer.streams.ImageDecoder;
import io.bigtransfer.streams.ImagePipeline;
import io.bigtransfer.streams.SkippedInputs;
import io.bigtransfer.streams.TrainingSlices;
import io.bigtransfer.streams.TrainingStreamSpec;
import io.bigtransfer.streams.Transform;
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
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One training job in this JVM: settings, data and the checkpoint to continue from (the latest in
 * {@code bit.checkpoint.dir}, if any) are checked when it is prepared, before anything starts; {@link #run} builds one engine and worker per configured worker, the coordinator, the
 * evaluation and the checkpoint store, trains, and tears everything down again.
 */
public final class TrainingJob {
    /** Generous: a step only misses it when a worker hangs. Issue #5 makes it a straggler setting. */
    private static final Duration STEP_DEADLINE = Duration.ofMinutes(30);

    private final Config config;
    private final TrainSettings train;
    private final DataSettings data;
    private final EvalSettings eval;
    private final CheckpointSettings checkpoint;
    private final BackendSettings backend;
    private final FolderDataset trainData;
    private final Optional<FolderDataset> evalData;
    private final Optional<Path> checkpointDirectory;
    private final ModelSpec spec;
    private final StartingPoint start;
    private final SkippedInputs skipped = new SkippedInputs();
    private final AtomicReference<ActorRef<Coordinator.Command>> coordinator = new AtomicReference<>();
    private final AtomicBoolean stopRequested = new AtomicBoolean();

    private TrainingJob(Config config, Path baseDirectory) {
        this.config = config;
        ModelSettings model = ModelSettings.create(config);
        this.train = TrainSettings.create(config);
        this.data = fineTuningData(config, model);
        this.eval = EvalSettings.create(config);
        this.checkpoint = CheckpointSettings.create(config);
        this.backend = BackendSettings.create(config);
        this.trainData = DataLocation.open("bit.data.train", data.requireTrain(), baseDirectory);
        this.evalData = data.eval().map(location -> DataLocation.open("bit.data.eval", location, baseDirectory));
        evalData.ifPresent(this::requireSameClasses);
        this.checkpointDirectory = checkpoint.dir().map(dir -> baseDirectory.resolve(dir).toAbsolutePath().normalize());
        int classes = trainData.classNames().size();
        Optional<InitialWeights> initial = model.init().map(location -> {
            requireExplicitSettingsForFineTuning(config);
            return InitialWeights.load(location, baseDirectory, model.groups(), trainData.classNames());
        });
        try {
            this.spec = initial.map(InitialWeights::spec).orElseGet(() -> Variants.spec(model, classes));
        } catch (IllegalArgumentException e) {
            throw new SettingsException("bit.model does not describe a valid network: " + e.getMessage() + ".");
        }
        this.start = StartingPoint.choose(checkpointDirectory, spec, trainData.classNames(), data.resolution(),
                PixelNormalization.of(data.normalize()), train, () -> initial.map(InitialWeights::parameters)
                        .orElseGet(() -> HeInitializer.initialize(spec, train.seed())));
    }

    /** Checks every setting and opens the data; relative paths are taken from {@code baseDirectory}. */
    public static TrainingJob prepare(Config config, Path baseDirectory) {
        return new TrainingJob(config, baseDirectory);
    }

    public ModelSpec spec() {
        return spec;
    }

    public FolderDataset trainData() {
        return trainData;
    }

    public Optional<FolderDataset> evalData() {
        return evalData;
    }

    public StartingPoint start() {
        return start;
    }

    public SkippedInputs skipped() {
        return skipped;
    }

    public String resolvedConfig() {
        return BitConfig.render(config);
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
     * Trains to the end and returns the final event, {@link TrainingEvent.Finished},
     * {@link TrainingEvent.Failed} or {@link TrainingEvent.Stopped}; {@code observer} sees every
     * event, on an actor thread.
     */
    public TrainingEvent run(Consumer<TrainingEvent> observer) {
        // Workers in one JVM run their steps at the same time: they share the native threads.
        NativeBackend.configure(new BackendSettings(Math.max(1, backend.threads() / train.workers())));
        List<ExecutorService> threads = new ArrayList<>();
        ExecutorService decode = Executors.newFixedThreadPool(data.decodeThreads(), EngineThread.daemons("decode"));
        threads.add(decode);
        ExecutorService optimizer = track(threads, EngineThread.start("optimizer"));
        ExecutorService checkpointWriter = track(threads, EngineThread.start("checkpoint-writer"));
        ExecutorService evalThread = track(threads, EngineThread.start("engine-eval"));
        CompletableFuture<TrainingEvent> end = new CompletableFuture<>();
        ActorSystem<Void> system = null;
        Optional<GradientEngine> evalEngine = Optional.empty();
        try {
            List<ExecutorService> workerThreads = new ArrayList<>();
            List<GradientEngine> engines = new ArrayList<>();
            for (int w = 0; w < train.workers(); w++) {
                ExecutorService thread = track(threads, EngineThread.start("engine-" + w));
                workerThreads.add(thread);
                engines.add(EngineThread.buildEngine(thread, spec, data.resolution(), data.resolution()));
            }
            Optional<GradientEngine> evaluationEngine = evalData.map(
                    ignored -> EngineThread.buildEngine(evalThread, spec, data.resolution(), data.resolution()));
            evalEngine = evaluationEngine;
            ImagePipeline trainPipeline = pipeline(new DownstreamTrain(data.resolution()), decode);
            ImagePipeline evalPipeline = pipeline(new DownstreamEval(data.resolution()), decode);
            system = ActorSystem.create(Behaviors.setup(context -> {
                List<ActorRef<Worker.Command>> workers = new ArrayList<>();
                for (int w = 0; w < train.workers(); w++) {
                    TrainingStreamSpec slices = new TrainingStreamSpec(train.seed(), train.batch(), w, train.workers(),
                            start.step(), trainPipeline);
                    SliceSource source = new StreamSliceSource(TrainingSlices.source(trainData, slices), context.getSystem());
                    workers.add(context.spawn(Worker.create(w, source, engines.get(w), workerThreads.get(w)), "worker-" + w));
                }
                Optional<Evaluation> evaluation = evaluationEngine.map(engine -> new StreamEvaluation(evalData.get(),
                        eval.batch(), evalPipeline, engine, evalThread, context.getSystem()));
                coordinator.set(context.spawn(Coordinator.create(plan(), start.state(), start.step(), workers,
                        evaluation, checkpointSink(checkpointWriter), listener(context, observer, end), optimizer),
                        "coordinator"));
                // Set, then read: a stop requested meanwhile is seen here or by requestStop itself.
                if (stopRequested.get()) {
                    coordinator.get().tell(new Coordinator.StopAfterStep());
                }
                return Behaviors.<Void>empty();
            }), "bit");
            // A guardian that fails while setting up stops the system before any end is reported.
            system.getWhenTerminated().thenRun(() ->
                    end.complete(new TrainingEvent.Failed("the training actor system stopped unexpectedly")));
            return end.join();
        } finally {
            if (system != null) {
                system.terminate();
                system.getWhenTerminated().toCompletableFuture().join();
            }
            // Worker engines close when their actors stop; the evaluation engine has no actor.
            evalEngine.ifPresent(engine -> evalThread.execute(engine::close));
            shutdown(threads);
        }
    }

    private TrainingPlan plan() {
        return new TrainingPlan(train.steps(), new SgdMomentum(train.momentum(), train.weightDecay()),
                LearningRateSchedule.of(train),
                eval.every(), checkpoint.every(), STEP_DEADLINE);
    }

    private ImagePipeline pipeline(Transform transform, ExecutorService decode) {
        return new ImagePipeline(transform, data.normalize(), ImageDecoder.imageIo(), data.decodeThreads(), decode, skipped);
    }

    private Optional<CheckpointSink> checkpointSink(ExecutorService writer) {
        return checkpointDirectory.map(dir -> new StoreCheckpointSink(
                new LocalCheckpointStore(dir, checkpoint.keep(), checkpoint.keepBestBy()), ModelDescriptions.of(spec),
                trainData.classNames(), PixelNormalization.of(data.normalize()), data.resolution(), train.batch(),
                trainData.size(), resolvedConfig(), writer));
    }

    private static ActorRef<TrainingEvent> listener(ActorContext<Void> context, Consumer<TrainingEvent> observer,
                                                    CompletableFuture<TrainingEvent> end) {
        Behavior<TrainingEvent> forward = Behaviors.receiveMessage(event -> {
            observer.accept(event);
            if (event.isEnd()) {
                end.complete(event);
            }
            return Behaviors.same();
        });
        return context.spawn(forward, "listener");
    }

    /**
     * Official BiT weights expect BiT's [-1, 1] pixels: with a {@code .npz} to start from, that is the
     * normalization unless the user chose one.
     */
    private static DataSettings fineTuningData(Config config, ModelSettings model) {
        DataSettings data = DataSettings.create(config);
        boolean officialWeights = model.init().filter(InitialWeights::isNpz).isPresent();
        if (!officialWeights || BitConfig.isSetByUser(config, "bit.data.normalize")) {
            return data;
        }
        return data.withNormalize(Normalization.BIT);
    }

    /**
     * With given weights the architecture comes from them, and {@code auto} means the cosine
     * HyperRule, which this build does not have yet.
     */
    private void requireExplicitSettingsForFineTuning(Config config) {
        for (String key : List.of("bit.model.name", "bit.model.units", "bit.model.width")) {
            if (BitConfig.isSetByUser(config, key)) {
                throw new SettingsException(key + " cannot be combined with bit.model.init, whose file fixes the architecture.");
            }
        }
        if (train.hyperRule() == HyperRule.AUTO) {
            throw new SettingsException("bit.model.init fine-tunes given weights, where bit.train.hyperrule = auto means the"
                    + " cosine HyperRule, which this build does not have yet; set bit.train.hyperrule=off to fine-tune"
                    + " with explicit settings.");
        }
    }

    private void requireSameClasses(FolderDataset eval) {
        if (!eval.classNames().equals(trainData.classNames())) {
            throw new SettingsException("bit.data.eval has classes " + eval.classNames()
                    + " but bit.data.train has " + trainData.classNames() + ".");
        }
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
