package io.bigtransfer.actors.training;

import com.typesafe.config.Config;
import io.bigtransfer.config.BackendSettings;
import io.bigtransfer.config.BitConfig;
import io.bigtransfer.config.CheckpointSettings;
import io.bigtransfer.config.DataSettings;
import io.bigtransfer.config.EvalSettings;
import io.bigtransfer.config.HyperRule;
import io.bigtransfer.config.ModelSettings;
import io.bigtransfer.config.S3Settings;
import io.bigtransfer.config.SettingsException;
import io.bigtransfer.config.TrainSettings;
import io.bigtransfer.model.BitHyperRule;
import io.bigtransfer.model.ModelSpec;
import io.bigtransfer.model.Variants;
import io.bigtransfer.streams.Dataset;
import io.bigtransfer.streams.ImageSize;
import io.bigtransfer.streams.ImageSizes;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Every setting of a training job, resolved and checked before anything starts: the user's config
 * with the values a HyperRule derives from the training data filled in where the user left them
 * unset (and BiT's [-1, 1] pixels for official weights), the data, the weights to start from and
 * the network they fix.
 */
record JobSetup(Config config, HyperRule hyperRule, TrainSettings train, DataSettings data, EvalSettings eval,
                CheckpointSettings checkpoint, BackendSettings backend, Dataset trainData,
                Optional<Dataset> evalData, Optional<InitialWeights> initial, ModelSpec spec) {
    /** Images whose headers are read to judge the data's image size for the HyperRule. */
    private static final int SIZE_PROBE_SAMPLES = 32;

    /**
     * @param userConfig    the loaded config, before any derivation
     * @param trainData     the training images
     * @param evalData      held-out images with the same classes, if any
     * @param baseDirectory where relative paths (weights, checkpoints) start
     */
    static JobSetup resolve(Config userConfig, Dataset trainData, Optional<Dataset> evalData, Path baseDirectory) {
        evalData.ifPresent(eval -> requireSameClasses(trainData, eval));
        ModelSettings model = ModelSettings.create(userConfig);
        Optional<InitialWeights> initial = model.init().map(location -> {
            requireArchitectureFromWeights(userConfig);
            return InitialWeights.load(location, baseDirectory, model.groups(), trainData.classNames(),
                    S3Settings.create(userConfig));
        });
        HyperRule rule = TrainSettings.hyperRule(userConfig).resolve(initial.isPresent());
        Config config = userConfig;
        if (rule != HyperRule.OFF) {
            ImageSize size = ImageSizes.probe(trainData, SIZE_PROBE_SAMPLES);
            OptionalInt userSteps = BitConfig.isSetByUser(userConfig, "bit.train.steps")
                    ? OptionalInt.of(userConfig.getInt("bit.train.steps")) : OptionalInt.empty();
            BitHyperRule derived = BitHyperRule.derive(rule, trainData.size(), size.height(), size.width(), userSteps);
            config = BitConfig.withDerived(config, derived.asSettings(), "the " + rule.name().toLowerCase(Locale.ROOT) + " HyperRule");
        }
        if (model.init().filter(InitialWeights::isNpz).isPresent()) {
            // Official BiT weights expect BiT's [-1, 1] pixels.
            config = BitConfig.withDerived(config, Map.of("bit.data.normalize", "bit"), "official BiT weights");
        }
        ModelSpec spec;
        try {
            spec = initial.map(InitialWeights::spec).orElseGet(() -> Variants.spec(model, trainData.classNames().size()));
        } catch (IllegalArgumentException e) {
            throw new SettingsException("bit.model does not describe a valid network: " + e.getMessage() + ".");
        }
        return new JobSetup(config, rule, TrainSettings.create(config), DataSettings.create(config),
                EvalSettings.create(config), CheckpointSettings.create(config), BackendSettings.create(config),
                trainData, evalData, initial, spec);
    }

    /** With given weights the architecture comes from them. */
    private static void requireArchitectureFromWeights(Config config) {
        for (String key : List.of("bit.model.name", "bit.model.units", "bit.model.width")) {
            if (BitConfig.isSetByUser(config, key)) {
                throw new SettingsException(key + " cannot be combined with bit.model.init, whose file fixes the architecture.");
            }
        }
    }

    private static void requireSameClasses(Dataset train, Dataset eval) {
        if (!eval.classNames().equals(train.classNames())) {
            throw new SettingsException("bit.data.eval has classes " + eval.classNames()
                    + " but bit.data.train has " + train.classNames() + ".");
        }
    }
}
