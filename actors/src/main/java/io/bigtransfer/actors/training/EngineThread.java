package io.bigtransfer.actors.training;

import io.bigtransfer.model.GradientEngine;
import io.bigtransfer.model.ModelSpec;
import io.bigtransfer.model.GradientEngines;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The dedicated thread a gradient engine runs on: tensor work never runs on Pekko's dispatchers,
 * and one engine is only ever used by one thread.
 */
public final class EngineThread {
    private EngineThread() {
    }

    public static ExecutorService start(String name) {
        return Executors.newSingleThreadExecutor(daemons(name));
    }

    /** A gradient engine for inputs of {@code height x width}, built on the thread that will use it. */
    public static GradientEngine buildEngine(ExecutorService thread, ModelSpec spec, int height, int width) {
        return CompletableFuture.supplyAsync(() -> GradientEngines.create(spec, height, width), thread).join();
    }

    /** Like {@link #buildEngine}; with {@code linearProbe}, an engine that trains only the head. */
    public static GradientEngine buildTrainingEngine(ExecutorService thread, ModelSpec spec, int resolution,
                                                     boolean linearProbe) {
        return linearProbe
                ? CompletableFuture.supplyAsync(() -> GradientEngines.linearProbe(spec, resolution, resolution),
                        thread).join()
                : buildEngine(thread, spec, resolution, resolution);
    }

    /** Daemon threads named {@code prefix}, then {@code prefix-1}, ... so they never keep the JVM alive. */
    static ThreadFactory daemons(String prefix) {
        AtomicInteger created = new AtomicInteger();
        return runnable -> {
            int number = created.getAndIncrement();
            Thread thread = new Thread(runnable, number == 0 ? prefix : prefix + "-" + number);
            thread.setDaemon(true);
            return thread;
        };
    }
}
