package io.bigtransfer.actors.training;

import io.bigtransfer.config.Normalization;
import io.bigtransfer.model.GradientEngine;
import io.bigtransfer.model.ModelSpec;
import io.bigtransfer.streams.ImageDecoder;
import io.bigtransfer.streams.ImagePipeline;
import io.bigtransfer.streams.SkippedInputs;
import io.bigtransfer.streams.Transform;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * What a one-off inference run (evaluation of a checkpoint, prediction) needs and must release: an
 * engine on its own thread, decode threads, a pipeline with the given evaluation transform and an actor system to run the
 * stream in. Closing it closes the engine on its thread and stops the rest.
 */
final class InferenceSession implements AutoCloseable {
    final ExecutorService engineThread = EngineThread.start("engine-inference");
    final ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "bit-inference");
    final ImagePipeline pipeline;
    final GradientEngine engine;
    private final ExecutorService decode;

    InferenceSession(ModelSpec spec, Transform transform, Normalization normalization, int decodeThreads,
                     SkippedInputs skipped) {
        decode = Executors.newFixedThreadPool(decodeThreads, EngineThread.daemons("decode"));
        pipeline = new ImagePipeline(transform, normalization, ImageDecoder.fastest(),
                decodeThreads, decode, skipped);
        try {
            engine = EngineThread.buildEngine(engineThread, spec, transform.resolution(), transform.resolution());
        } catch (RuntimeException e) {
            stopThreadsAndSystem();
            throw e;
        }
    }

    @Override
    public void close() {
        engineThread.execute(engine::close);
        stopThreadsAndSystem();
    }

    private void stopThreadsAndSystem() {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
        engineThread.shutdown();
        decode.shutdown();
    }
}
