package io.bigtransfer.backend;

import io.bigtransfer.config.BackendSettings;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one place that chooses and configures ND4J's backend. The CPU backend comes from the
 * classpath (nd4j-native with oneDNN); its thread counts are fixed from settings, so a run
 * repeats exactly and does not depend on how busy the machine is.
 */
public final class NativeBackend {
    private static int configuredThreads;

    private NativeBackend() {
    }

    /** Loads the native libraries and fixes their thread counts; later calls with the same settings do nothing. */
    public static synchronized void configure(BackendSettings settings) {
        if (configuredThreads == settings.threads()) {
            return;
        }
        Nd4j.getEnvironment().setMaxMasterThreads(settings.threads());
        Nd4j.getEnvironment().setMaxThreads(settings.threads());
        Nd4j.factory().blas().setMaxThreads(settings.threads());
        configuredThreads = settings.threads();
    }

    /** A short description of the loaded backend for the start of a run's log. */
    public static String describe() {
        return Nd4j.getExecutioner().getClass().getSimpleName() + ", " + configuredThreads + " threads";
    }
}
