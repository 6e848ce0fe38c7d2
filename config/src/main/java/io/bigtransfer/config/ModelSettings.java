package io.bigtransfer.config;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Optional;

/**
 * {@code bit.model}: a published variant name, or block units and width factor; group count; and
 * the weights to start from.
 */
public record ModelSettings(Optional<String> name, List<Integer> units, double width, int groups,
                            Optional<String> init) {

    public static ModelSettings create(Config config) {
        SettingsReader reader = new SettingsReader(config, "bit.model");
        List<Integer> units = reader.positiveIntList("units");
        if (units.size() != 4) {
            throw new SettingsException("bit.model.units must list the units of 4 blocks, but lists " + units.size() + ".");
        }
        return new ModelSettings(reader.optionalString("name"), units, reader.positiveDouble("width"),
                reader.positiveInt("groups"), reader.optionalString("init"));
    }
}
