package io.bigtransfer.model;

import io.bigtransfer.backend.ParameterVersion;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Prints the time of a training step (gradients()) of the demo network, 28x28 inputs, batch 64,
 * float32, on two ND4J threads. A measurement, not a check: run it with
 * {@code -Dtest=TrainingStepThroughput -Dbit.benchmark=true}; {@code -Dbit.benchmark.width=0.5}
 * changes the width factor.
 */
@EnabledIfSystemProperty(named = "bit.benchmark", matches = "true")
class TrainingStepThroughput {
    private static final int BATCH = 64;
    private static final int SIZE = 28;
    private static final int WARMUP = 5;
    private static final int STEPS = 20;

    @Test
    void measure() {
        Nd4j.getEnvironment().setMaxMasterThreads(2);
        Nd4j.getEnvironment().setMaxThreads(2);
        double width = Double.parseDouble(System.getProperty("bit.benchmark.width", "0.25"));
        ModelSpec spec = new ModelSpec(new int[] {1, 1, 1, 1}, width, 8, 10);
        ParameterVersion parameters = new ParameterVersion(0, HeInitializer.initialize(spec, 1));
        TrainingBatch batch = randomBatch(spec.classes());
        try (SameDiffGradientEngine engine = new SameDiffGradientEngine(spec, SIZE, SIZE)) {
            for (int i = 0; i < WARMUP; i++) {
                engine.gradients(parameters, batch);
            }
            long start = System.nanoTime();
            for (int i = 0; i < STEPS; i++) {
                engine.gradients(parameters, batch);
            }
            double seconds = (System.nanoTime() - start) / 1e9 / STEPS;
            System.out.printf("width %s: %.1f ms per step, %.0f images/s%n", width, seconds * 1e3, BATCH / seconds);
        }
    }

    private static TrainingBatch randomBatch(int classes) {
        SplittableRandom random = new SplittableRandom(3);
        float[] pixels = new float[BATCH * SIZE * SIZE * ImageBatch.CHANNELS];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextGaussian();
        }
        float[] targets = new float[BATCH * classes];
        long[] indices = new long[BATCH];
        for (int i = 0; i < BATCH; i++) {
            targets[i * classes + random.nextInt(classes)] = 1f;
            indices[i] = i;
        }
        return new TrainingBatch(new ImageBatch(pixels, BATCH, SIZE, SIZE), targets, indices);
    }
}
