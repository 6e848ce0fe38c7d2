package io.bigtransfer.config;

import com.typesafe.config.Config;
import java.util.Optional;

/** {@code bit.checkpoint}: where checkpoints go, how often (0: only at the end), how many to keep. */
public record CheckpointSettings(Optional<String> dir, int every, int keep) {

    public static CheckpointSettings create(Config config) {
        SettingsReader reader = new SettingsReader(config, "bit.checkpoint");
        return new CheckpointSettings(reader.optionalString("dir"), reader.nonNegativeInt("every"),
                reader.positiveInt("keep"));
    }
}
