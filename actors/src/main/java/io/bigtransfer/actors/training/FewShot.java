package io.bigtransfer.actors.training;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.bigtransfer.backend.ParameterVersion;
import io.bigtransfer.config.CheckpointSettings;
import io.bigtransfer.config.DataSettings;
import io.bigtransfer.config.SettingsException;
import io.bigtransfer.model.HeInitializer;
import io.bigtransfer.model.RidgeProbe;
import io.bigtransfer.streams.Dataset;
import io.bigtransfer.streams.DatasetSubsets;
import io.bigtransfer.streams.SkippedInputs;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Few-shot evaluation as BiT reports it. An episode draws, from its seed, {@code ways} of the
 * training set's classes (all when 0) and {@code shots} training images of each; it is scored on
 * every held-out image of those classes. Two ways to score: fine-tune the whole network on the
 * episode's images (a full training job, HyperRule included) and take its final top-1; or fit the
 * closed-form linear probe ({@link RidgeProbe}) on the pre-logit features of the starting weights.
 * Episode e uses seed {@code bit.train.seed + e}, so runs with other weights (or none, from
 * scratch) see the very same images.
 */
public final class FewShot implements AutoCloseable {

    public enum Mode { FINE_TUNE, LINEAR_PROBE }

    /** One episode's outcome. */
    public record Episode(int shots, int index, long seed, List<String> classes, int trainImages, double top1,
                          double seconds) {
    }

    private final Config config;
    private final Dataset pool;
    private final Dataset test;
    private final Path baseDirectory;
    private final DataAccess access;

    private FewShot(Config config, Dataset pool, Dataset test, Path baseDirectory, DataAccess access) {
        this.config = config;
        this.access = access;
        this.pool = pool;
        this.test = test;
        this.baseDirectory = baseDirectory;
    }

    /**
     * Opens {@code bit.data.train} (the pool episodes draw from) and {@code bit.data.eval}. Episodes
     * are not checkpointed: a {@code bit.checkpoint.dir} would make each episode continue the last.
     */
    public static FewShot prepare(Config config, Path baseDirectory) {
        if (CheckpointSettings.create(config).dir().isPresent()) {
            throw new SettingsException("bit.checkpoint.dir must not be set for few-shot episodes, which are not"
                    + " checkpointed (each would continue the previous one).");
        }
        DataSettings data = DataSettings.create(config);
        String evalLocation = data.eval().orElseThrow(() ->
                new SettingsException("bit.data.eval is not set; few-shot episodes are scored on its images."));
        DataAccess access = DataAccess.create(config);
        try {
            Dataset pool = access.open("bit.data.train", data.requireTrain(), baseDirectory);
            Dataset test = access.open("bit.data.eval", evalLocation, baseDirectory);
            if (!test.classNames().equals(pool.classNames())) {
                throw new SettingsException("bit.data.eval has classes " + test.classNames() + " but bit.data.train has "
                        + pool.classNames() + ".");
            }
            return new FewShot(config, pool, test, baseDirectory, access);
        } catch (RuntimeException e) {
            access.close();
            throw e;
        }
    }

    @Override
    public void close() {
        access.close();
    }

    public int classCount() {
        return pool.classNames().size();
    }

    /**
     * Episode {@code index} with {@code shots} images per class of {@code ways} classes (0: all).
     * {@code progress} sees the training events of a fine-tuning episode.
     */
    public Episode run(Mode mode, int shots, int ways, int index, double l2, Consumer<TrainingEvent> progress) {
        long started = System.nanoTime();
        long seed = config.getLong("bit.train.seed") + index;
        List<String> classes = ways == 0 ? pool.classNames()
                : DatasetSubsets.randomClasses(pool, ways, seed).classNames();
        Dataset train = DatasetSubsets.examplesPerClass(DatasetSubsets.classes(pool, classes), shots, seed);
        Dataset held = DatasetSubsets.classes(test, classes);
        Config episode = config.withValue("bit.train.seed", ConfigValueFactory.fromAnyRef(seed, "few-shot episode " + index));
        double top1 = mode == Mode.FINE_TUNE ? fineTune(episode, train, held, progress) : probe(episode, train, held, l2);
        return new Episode(shots, index, seed, classes, train.size(), top1, (System.nanoTime() - started) / 1e9);
    }

    private double fineTune(Config episode, Dataset train, Dataset held, Consumer<TrainingEvent> progress) {
        TrainingJob job = TrainingJob.prepare(episode, train, Optional.of(held), access, baseDirectory);
        TrainingEvent end = job.run(progress);
        if (end instanceof TrainingEvent.Finished finished && finished.lastEvaluation().isPresent()) {
            return finished.lastEvaluation().get().top1();
        }
        String reason = end instanceof TrainingEvent.Failed failed ? failed.reason() : "it stopped early";
        throw new IllegalStateException("a few-shot episode did not finish: " + reason);
    }

    /** The weights of {@code bit.model.init} (He initialization without), frozen; only the probe is fitted. */
    private double probe(Config episode, Dataset train, Dataset held, double l2) {
        JobSetup setup = JobSetup.resolve(episode, train, Optional.of(held), baseDirectory);
        ParameterVersion weights = new ParameterVersion(0, setup.initial().map(InitialWeights::parameters)
                .orElseGet(() -> HeInitializer.initialize(setup.spec(), setup.train().seed())));
        DataSettings data = setup.data();
        SkippedInputs skipped = new SkippedInputs();
        FeatureExtraction.Features trainFeatures = FeatureExtraction.run(setup.spec(), weights, train,
                Transforms.evaluation(data.transform(), data.resolution()), data.normalize(), data.decodeThreads(), skipped);
        FeatureExtraction.Features testFeatures = FeatureExtraction.run(setup.spec(), weights, held,
                Transforms.evaluation(data.transform(), data.resolution()), data.normalize(), data.decodeThreads(), skipped);
        if (trainFeatures.labels().length == 0 || testFeatures.labels().length == 0) {
            throw new SettingsException("a few-shot episode has no readable images (" + skipped.summary() + ").");
        }
        RidgeProbe probe = RidgeProbe.fit(trainFeatures.values(), trainFeatures.depth(), trainFeatures.labels(),
                train.classNames().size(), l2);
        return probe.accuracy(testFeatures.values(), testFeatures.labels());
    }
}
