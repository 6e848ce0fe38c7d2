package io.bigtransfer.actors.training;

import com.typesafe.config.Config;
import io.bigtransfer.config.DataSettings;
import io.bigtransfer.config.SettingsException;
import io.bigtransfer.config.TrainSettings;
import io.bigtransfer.model.GradientEngine;
import io.bigtransfer.model.ModelSpec;
import io.bigtransfer.streams.Dataset;
import io.bigtransfer.streams.ImageDecoder;
import io.bigtransfer.streams.ImagePipeline;
import io.bigtransfer.streams.SkippedInputs;
import io.bigtransfer.streams.TrainingRanges;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;

/**
 * What a cluster node needs to compute ranges of another node's job: the job's training data,
 * opened here from the job's own settings (so the node must reach the same folders or bucket), the
 * training transform, and a gradient engine on its own thread. The data must be the job's: the
 * same number of images and the same classes, or the node refuses to take part.
 */
public final class NodeWork implements AutoCloseable {
    private final DataAccess access;
    private final TrainSettings train;
    private final TrainingRanges ranges;
    private final ExecutorService decode;
    private final ExecutorService engineThread;
    private final GradientEngine engine;

    private NodeWork(DataAccess access, TrainSettings train, TrainingRanges ranges, ExecutorService decode,
                     ExecutorService engineThread, GradientEngine engine) {
        this.access = access;
        this.train = train;
        this.ranges = ranges;
        this.decode = decode;
        this.engineThread = engineThread;
        this.engine = engine;
    }

    /**
     * Opens the job's data and builds an engine for {@code spec}; {@code config} is the job's
     * resolved config, {@code datasetSize} and {@code classNames} what the job's own node sees.
     */
    public static NodeWork open(Config config, Path baseDirectory, ModelSpec spec, int datasetSize,
                                List<String> classNames, String threadName) {
        DataSettings data = DataSettings.create(config);
        TrainSettings train = TrainSettings.create(config);
        DataAccess access = DataAccess.create(config);
        ExecutorService decode = null;
        ExecutorService engineThread = null;
        try {
            Dataset dataset = access.open("bit.data.train", data.requireTrain(), baseDirectory);
            if (dataset.size() != datasetSize || !dataset.classNames().equals(classNames)) {
                throw new SettingsException("bit.data.train = " + data.requireTrain() + " has " + dataset.size()
                        + " images of " + dataset.classNames().size() + " classes here, but the job's has " + datasetSize
                        + " of " + classNames.size() + ".");
            }
            int parallelism = access.decodeParallelism(data);
            decode = Executors.newFixedThreadPool(parallelism, EngineThread.daemons(threadName + "-decode"));
            ImagePipeline pipeline = new ImagePipeline(Transforms.training(data.transform(), data.resolution()),
                    data.normalize(), ImageDecoder.fastest(), parallelism, decode, new SkippedInputs());
            TrainingRanges ranges = new TrainingRanges(dataset, train.seed(), train.batch(), pipeline, train.mixupAlpha());
            engineThread = EngineThread.start(threadName);
            GradientEngine engine = EngineThread.buildTrainingEngine(engineThread, spec, data.resolution(),
                    train.linearProbe());
            return new NodeWork(access, train, ranges, decode, engineThread, engine);
        } catch (RuntimeException e) {
            if (decode != null) {
                decode.shutdown();
            }
            if (engineThread != null) {
                engineThread.shutdown();
            }
            access.close();
            throw e;
        }
    }

    /** The worker that computes the job's ranges here; it owns the engine and closes it when it stops. */
    public Behavior<Worker.Command> worker(String name, ActorSystem<?> system) {
        return Worker.create(name, new PrefetchingSliceSource(ranges, system, PrefetchingSliceSource.DEPTH), engine,
                engineThread, train.batchSplit());
    }

    /** Releases the data and the threads; the engine thread finishes what the stopped worker queued first. */
    @Override
    public void close() {
        engineThread.shutdown();
        decode.shutdown();
        access.close();
    }
}
