package io.bigtransfer.config;

import com.typesafe.config.Config;
import java.util.Optional;

/**
 * {@code bit.checkpoint}: where checkpoints go, how often (0: only at the end), how many of the
 * latest to keep, and the metric to keep the best checkpoint by.
 */
public record CheckpointSettings(Optional<String> dir, int every, int keep, Optional<CheckpointMetric> keepBestBy) {

    public static CheckpointSettings create(Config config) {
        SettingsReader reader = new SettingsReader(config, "bit.checkpoint");
        Optional<CheckpointMetric> best = config.getIsNull("bit.checkpoint.keep-best-by") ? Optional.empty()
                : Optional.of(reader.choice("keep-best-by", CheckpointMetric.class));
        return new CheckpointSettings(reader.optionalString("dir"), reader.nonNegativeInt("every"),
                reader.positiveInt("keep"), best);
    }
}
