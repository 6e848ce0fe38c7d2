package io.bigtransfer.config;

import com.typesafe.config.Config;

/**
 * {@code bit.train}, with the upstream defaults of DESIGN.md derived here, in one place: lr
 * {@code 0.03 * batch / 256}, weight decay 1e-4, warmup 5000 steps but at most 5% of the run.
 */
public record TrainSettings(int steps, int batch, double lr, long seed, HyperRule hyperRule,
                            double momentum, double weightDecay, int warmupSteps, int workers) {
    static final double UPSTREAM_BASE_LR = 0.03;
    static final double UPSTREAM_WEIGHT_DECAY = 1e-4;
    static final int UPSTREAM_WARMUP_STEPS = 5000;

    public static TrainSettings create(Config config) {
        SettingsReader reader = new SettingsReader(config, "bit.train");
        int steps = reader.positiveInt("steps");
        int batch = reader.positiveInt("batch");
        int workers = reader.positiveInt("workers");
        if (batch % workers != 0) {
            throw new SettingsException("bit.train.batch (" + batch + ") must be divisible by bit.train.workers ("
                    + workers + ") so that every worker gets an equal slice.");
        }
        double lr = reader.optionalPositiveDouble("lr").orElse(UPSTREAM_BASE_LR * batch / 256.0);
        double weightDecay = reader.optionalNonNegativeDouble("weight-decay").orElse(UPSTREAM_WEIGHT_DECAY);
        int warmup = reader.optionalNonNegativeInt("warmup-steps")
                .orElse(Math.min(UPSTREAM_WARMUP_STEPS, steps / 20));
        if (warmup > steps) {
            throw new SettingsException("bit.train.warmup-steps (" + warmup + ") must not exceed bit.train.steps ("
                    + steps + ").");
        }
        return new TrainSettings(steps, batch, lr, reader.anyLong("seed"), reader.choice("hyperrule", HyperRule.class),
                reader.fraction("momentum"), weightDecay, warmup, workers);
    }
}
