package io.bigtransfer.config;

import com.typesafe.config.Config;
import java.util.Locale;

/**
 * {@code bit.backend}: the device kind, the native thread count, resolved here (0 means one per
 * core) so it is recorded, and the gradient engine.
 */
public record BackendSettings(int threads, BackendDevice device, BackendEngine engine) {

    public BackendSettings {
        if (engine == BackendEngine.EAGER && device != BackendDevice.CPU) {
            throw new SettingsException("bit.backend.engine is eager, but bit.backend.device is "
                    + device.name().toLowerCase(Locale.ROOT) + ": the eager engine runs on the CPU only; "
                    + "set bit.backend.engine to samediff or auto.");
        }
    }

    /** {@code device} with {@code threads} native threads and the engine that suits the device. */
    public BackendSettings(int threads, BackendDevice device) {
        this(threads, device, BackendEngine.AUTO);
    }

    /** The default device, the CPU, with {@code threads} native threads. */
    public BackendSettings(int threads) {
        this(threads, BackendDevice.CPU);
    }

    public static BackendSettings create(Config config) {
        SettingsReader reader = new SettingsReader(config, "bit.backend");
        int threads = reader.nonNegativeInt("threads");
        return new BackendSettings(threads == 0 ? Runtime.getRuntime().availableProcessors() : threads,
                reader.choice("device", BackendDevice.class), reader.choice("engine", BackendEngine.class));
    }

    /** The engine {@link BackendEngine#AUTO} stands for on this device. */
    public BackendEngine resolvedEngine() {
        return engine.on(device);
    }

    /** The same device with another thread count (workers sharing one process split the threads). */
    public BackendSettings withThreads(int count) {
        return new BackendSettings(count, device, engine);
    }
}
