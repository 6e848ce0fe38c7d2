package io.bigtransfer.actors.bench;

import io.bigtransfer.backend.ParameterVersion;
import io.bigtransfer.model.GradientEngine;
import io.bigtransfer.model.GradientEngines;
import io.bigtransfer.model.GradientResult;
import io.bigtransfer.model.HeInitializer;
import io.bigtransfer.model.ImageBatch;
import io.bigtransfer.model.ModelSpec;
import io.bigtransfer.model.OptimizerState;
import io.bigtransfer.model.SgdMomentum;
import io.bigtransfer.model.TrainingBatch;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;

/**
 * Times the full training step of one worker: forward, backward, gradient export to plain
 * buffers and the SGD step, on random inputs and one-hot targets, after warm-up steps that let
 * the engine allocate and cache what it reuses. Runs on the calling thread.
 */
public final class TrainStepBenchmark {
    private final ModelSpec spec;
    private final int resolution;
    private final int batch;

    public TrainStepBenchmark(ModelSpec spec, int resolution, int batch) {
        this.spec = spec;
        this.resolution = resolution;
        this.batch = batch;
    }

    /** Seconds of each timed step; {@code onStep} hears each step's nanoseconds, warm-up included. */
    public double[] run(int warmupSteps, int timedSteps, LongConsumer onStep) {
        TrainingBatch data = randomBatch(new SplittableRandom(7));
        SgdMomentum optimizer = new SgdMomentum(0.9, 1e-4);
        OptimizerState state = OptimizerState.start(HeInitializer.initialize(spec, 0));
        double[] seconds = new double[timedSteps];
        try (GradientEngine engine = GradientEngines.create(spec, resolution, resolution)) {
            for (int step = 0; step < warmupSteps + timedSteps; step++) {
                long start = System.nanoTime();
                ParameterVersion parameters = state.parameters();
                GradientResult result = engine.gradients(parameters, data);
                state = optimizer.step(state, result.meanGradient(), 0.01);
                long elapsed = System.nanoTime() - start;
                onStep.accept(elapsed);
                if (step >= warmupSteps) {
                    seconds[step - warmupSteps] = elapsed / 1e9;
                }
            }
        }
        return seconds;
    }

    private TrainingBatch randomBatch(SplittableRandom random) {
        float[] pixels = new float[batch * resolution * resolution * ImageBatch.CHANNELS];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) (random.nextDouble() * 4 - 2);
        }
        float[] targets = new float[batch * spec.classes()];
        long[] indices = new long[batch];
        for (int row = 0; row < batch; row++) {
            targets[row * spec.classes() + random.nextInt(spec.classes())] = 1;
            indices[row] = row;
        }
        return new TrainingBatch(new ImageBatch(pixels, batch, resolution, resolution), targets, indices);
    }
}
