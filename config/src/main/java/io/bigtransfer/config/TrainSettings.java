package io.bigtransfer.config;

import com.typesafe.config.Config;
import java.util.List;

/**
 * {@code bit.train}, with the upstream defaults of DESIGN.md derived here, in one place: lr
 * {@code 0.03 * batch / 256}, weight decay 1e-4, warmup 5000 steps but at most 5% of the run. A
 * HyperRule's values arrive earlier, as settings (see {@code BitConfig.withDerived}).
 *
 * @param batchSplit  micro-batches per worker slice whose gradients are accumulated
 * @param linearProbe train only the head; the body stays as initialized
 */
public record TrainSettings(int steps, int batch, double lr, long seed, HyperRule hyperRule,
                            double momentum, double weightDecay, int warmupSteps, LearningRateDecay schedule,
                            List<Integer> decaySteps, double mixupAlpha, int workers, int batchSplit,
                            boolean linearProbe) {
    static final double UPSTREAM_BASE_LR = 0.03;
    static final double UPSTREAM_WEIGHT_DECAY = 1e-4;
    static final int UPSTREAM_WARMUP_STEPS = 5000;

    public TrainSettings {
        decaySteps = List.copyOf(decaySteps);
    }

    public static TrainSettings create(Config config) {
        SettingsReader reader = new SettingsReader(config, "bit.train");
        int steps = reader.positiveInt("steps");
        int batch = reader.positiveInt("batch");
        int workers = reader.positiveInt("workers");
        if (batch % workers != 0) {
            throw new SettingsException("bit.train.batch (" + batch + ") must be divisible by bit.train.workers ("
                    + workers + ") so that every worker gets an equal slice.");
        }
        int slice = batch / workers;
        int batchSplit = reader.positiveInt("batch-split");
        if (slice % batchSplit != 0) {
            throw new SettingsException("bit.train.batch-split (" + batchSplit + ") must divide each worker's slice of "
                    + slice + " images (bit.train.batch / bit.train.workers).");
        }
        double mixupAlpha = reader.optionalNonNegativeDouble("mixup-alpha").orElse(0);
        if (mixupAlpha > 0 && slice % 2 != 0) {
            throw new SettingsException("bit.train.mixup-alpha mixes images in pairs, so each worker's slice of " + slice
                    + " images (bit.train.batch / bit.train.workers) must be even.");
        }
        double lr = reader.optionalPositiveDouble("lr").orElse(UPSTREAM_BASE_LR * batch / 256.0);
        double weightDecay = reader.optionalNonNegativeDouble("weight-decay").orElse(UPSTREAM_WEIGHT_DECAY);
        int warmup = reader.optionalNonNegativeInt("warmup-steps")
                .orElse(Math.min(UPSTREAM_WARMUP_STEPS, steps / 20));
        if (warmup > steps) {
            throw new SettingsException("bit.train.warmup-steps (" + warmup + ") must not exceed bit.train.steps ("
                    + steps + ").");
        }
        LearningRateDecay schedule = reader.choice("schedule", LearningRateDecay.class);
        List<Integer> decaySteps = reader.positiveIntListOrEmpty("decay-steps");
        requireDecayStepsFit(schedule, decaySteps, warmup, steps);
        return new TrainSettings(steps, batch, lr, reader.anyLong("seed"), reader.choice("hyperrule", HyperRule.class),
                reader.fraction("momentum"), weightDecay, warmup, schedule, decaySteps, mixupAlpha, workers,
                batchSplit, reader.bool("linear-probe"));
    }

    /** Only {@code bit.train.hyperrule}: the rule decides the other values, so it is read first. */
    public static HyperRule hyperRule(Config config) {
        return new SettingsReader(config, "bit.train").choice("hyperrule", HyperRule.class);
    }

    private static void requireDecayStepsFit(LearningRateDecay schedule, List<Integer> decaySteps, int warmup,
                                             int steps) {
        if (schedule == LearningRateDecay.COSINE) {
            if (!decaySteps.isEmpty()) {
                throw new SettingsException("bit.train.decay-steps " + decaySteps
                        + " only applies to bit.train.schedule = steps, but the schedule is cosine.");
            }
            return;
        }
        int previous = warmup;
        for (int decay : decaySteps) {
            if (decay <= previous || decay >= steps) {
                throw new SettingsException("bit.train.decay-steps " + decaySteps + " must rise strictly, after the "
                        + warmup + " warmup steps and before the last step (" + steps + ").");
            }
            previous = decay;
        }
    }
}
