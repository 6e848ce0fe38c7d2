package io.bigtransfer.actors.training;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The dedicated thread a gradient engine runs on: tensor work never runs on Pekko's dispatchers,
 * and one engine is only ever used by one thread.
 */
public final class EngineThread {
    private EngineThread() {
    }

    public static ExecutorService start(String name) {
        return Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }
}
