package io.bigtransfer.config;

import com.typesafe.config.Config;

/**
 * {@code bit.backend}: the device kind and the native thread count, resolved here (0 means one per
 * core) so it is recorded.
 */
public record BackendSettings(int threads, BackendDevice device) {

    /** The default device, the CPU, with {@code threads} native threads. */
    public BackendSettings(int threads) {
        this(threads, BackendDevice.CPU);
    }

    public static BackendSettings create(Config config) {
        SettingsReader reader = new SettingsReader(config, "bit.backend");
        int threads = reader.nonNegativeInt("threads");
        return new BackendSettings(threads == 0 ? Runtime.getRuntime().availableProcessors() : threads,
                reader.choice("device", BackendDevice.class));
    }

    /** The same device with another thread count (workers sharing one process split the threads). */
    public BackendSettings withThreads(int count) {
        return new BackendSettings(count, device);
    }
}
