package io.bigtransfer.config;

import com.typesafe.config.Config;

/** {@code bit.eval}: how often to evaluate during training (0: only at the end), and the batch size. */
public record EvalSettings(int every, int batch) {

    public static EvalSettings create(Config config) {
        SettingsReader reader = new SettingsReader(config, "bit.eval");
        return new EvalSettings(reader.nonNegativeInt("every"), reader.positiveInt("batch"));
    }
}
