package io.bigtransfer.model;

import io.bigtransfer.backend.ParameterVersion;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Prints the time of a training step (gradients()) of the demo network, 28x28 inputs, float32, by
 * default batch 64 on two ND4J threads; the best of several rounds, since other processes may
 * share the machine. A measurement, not a check: run it with
 * {@code -Dtest=TrainingStepThroughput -Dbit.benchmark=true}; {@code -Dbit.benchmark.width=0.5}
 * changes the width factor, {@code -Dbit.benchmark.threads=1} the ND4J thread count and
 * {@code -Dbit.benchmark.batch=128} the batch size.
 */
@EnabledIfSystemProperty(named = "bit.benchmark", matches = "true")
class TrainingStepThroughput {
    private static final int BATCH = Integer.getInteger("bit.benchmark.batch", 64);
    private static final int SIZE = 28;
    private static final int WARMUP = 30;
    private static final int ROUNDS = 8;
    private static final int STEPS_PER_ROUND = 5;

    @Test
    void measure() {
        int threads = Integer.getInteger("bit.benchmark.threads", 2);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.getEnvironment().setMaxThreads(threads);
        double width = Double.parseDouble(System.getProperty("bit.benchmark.width", "0.25"));
        ModelSpec spec = new ModelSpec(new int[] {1, 1, 1, 1}, width, 8, 10);
        ParameterVersion parameters = new ParameterVersion(0, HeInitializer.initialize(spec, 1));
        TrainingBatch batch = randomBatch(spec.classes());
        try (SameDiffGradientEngine engine = new SameDiffGradientEngine(spec, SIZE, SIZE)) {
            for (int i = 0; i < WARMUP; i++) {
                engine.gradients(parameters, batch);
            }
            double[] wall = new double[ROUNDS];
            double[] cpu = new double[ROUNDS];
            double[] callerCpu = new double[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                long startWall = System.nanoTime();
                long startCpu = processCpuNanos();
                long startCallerCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                for (int i = 0; i < STEPS_PER_ROUND; i++) {
                    engine.gradients(parameters, batch);
                }
                wall[round] = (System.nanoTime() - startWall) / 1e6 / STEPS_PER_ROUND;
                cpu[round] = (processCpuNanos() - startCpu) / 1e6 / STEPS_PER_ROUND;
                callerCpu[round] = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - startCallerCpu)
                        / 1e6 / STEPS_PER_ROUND;
            }
            Arrays.sort(wall);
            Arrays.sort(cpu);
            Arrays.sort(callerCpu);
            System.out.printf("width %s, %d threads: %.1f ms per step (best round; median %.1f), %.0f images/s;"
                    + " process CPU %.1f ms per step (best; median %.1f), calling thread's CPU %.1f ms (median)%n",
                    width, threads, wall[0], wall[ROUNDS / 2], BATCH * 1e3 / wall[0], cpu[0], cpu[ROUNDS / 2],
                    callerCpu[ROUNDS / 2]);
        }
    }

    /** CPU time of the whole process: unlike wall time, it does not grow when other processes share the cores. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
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
