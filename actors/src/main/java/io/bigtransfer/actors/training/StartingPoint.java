package io.bigtransfer.actors.training;

import com.typesafe.config.ConfigFactory;
import io.bigtransfer.backend.NamedBuffers;
import io.bigtransfer.backend.ParameterVersion;
import io.bigtransfer.checkpoints.CheckpointRecord;
import io.bigtransfer.checkpoints.CheckpointStore;
import io.bigtransfer.checkpoints.PixelNormalization;
import io.bigtransfer.config.SettingsException;
import io.bigtransfer.config.TrainSettings;
import io.bigtransfer.model.ModelSpec;
import io.bigtransfer.model.OptimizerState;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where a run starts: step 0 from fresh parameters (He initialization, or the weights of
 * {@code bit.model.init}), or, when its checkpoint directory already
 * holds a checkpoint, the step, parameters, momentum and an operator's learning-rate multiplier of the latest one. The data stream then
 * restarts at that step's batch, so the continuation is the run that was interrupted. A checkpoint
 * of a different model, data preprocessing, seed or batch size cannot continue exactly and is
 * refused.
 */
public record StartingPoint(long step, OptimizerState state, double learningRateScale, Optional<String> resumedFrom) {

    static StartingPoint choose(Optional<CheckpointStore> store, ModelSpec spec, List<String> classNames,
                                int resolution, PixelNormalization normalization, TrainSettings train,
                                Supplier<NamedBuffers> freshParameters) {
        Optional<String> latest = store.flatMap(CheckpointStore::latestLocation);
        if (latest.isEmpty()) {
            return new StartingPoint(0, OptimizerState.start(freshParameters.get()), 1.0, Optional.empty());
        }
        String file = latest.get();
        CheckpointRecord record = store.get().loadLatest().orElseThrow();
        requireContinuable(file, record, spec, classNames, resolution, normalization, train);
        OptimizerState state = new OptimizerState(new ParameterVersion(record.step(), record.parameters()), record.momentum());
        return new StartingPoint(record.step(), state, record.learningRateScale(), latest);
    }

    private static void requireContinuable(String file, CheckpointRecord record, ModelSpec spec, List<String> classNames,
                                           int resolution, PixelNormalization normalization, TrainSettings train) {
        String differs = null;
        if (!record.model().equals(ModelDescriptions.of(spec))) {
            differs = "a different model (" + record.model() + ")";
        } else if (!record.classNames().equals(classNames)) {
            differs = "different classes " + record.classNames();
        } else if (record.resolution() != resolution || !record.normalization().equals(normalization)) {
            differs = "resolution " + record.resolution() + " and " + record.normalization().name() + " normalization";
        } else if (record.cursor().position() != record.step() * train.batch()) {
            differs = "another bit.train.batch";
        } else if (ConfigFactory.parseString(record.resolvedConfig()).getLong("bit.train.seed") != train.seed()) {
            differs = "another bit.train.seed";
        }
        if (differs != null) {
            throw new SettingsException("the latest checkpoint " + file + " was written with " + differs
                    + ", so this run cannot continue it; choose another bit.checkpoint.dir.");
        }
        if (record.step() >= train.steps()) {
            throw new SettingsException("the latest checkpoint " + file + " is already at step " + record.step()
                    + " of bit.train.steps = " + train.steps() + "; raise bit.train.steps or choose another bit.checkpoint.dir.");
        }
    }
}
