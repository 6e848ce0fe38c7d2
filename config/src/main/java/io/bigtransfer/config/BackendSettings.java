package io.bigtransfer.config;

import com.typesafe.config.Config;

/** {@code bit.backend}: native thread count, resolved here (0 means one per core) so it is recorded. */
public record BackendSettings(int threads) {

    public static BackendSettings create(Config config) {
        SettingsReader reader = new SettingsReader(config, "bit.backend");
        int threads = reader.nonNegativeInt("threads");
        return new BackendSettings(threads == 0 ? Runtime.getRuntime().availableProcessors() : threads);
    }
}
