package io.bigtransfer.model;

/**
 * Upstream pre-training and the cosine HyperRule: linear warmup from 0 over {@code warmupSteps}
 * (none for the HyperRule), then half a cosine from {@code baseLr} down to 0 at {@code totalSteps}.
 */
public record WarmupCosine(double baseLr, int warmupSteps, int totalSteps) implements LearningRateSchedule {

    public WarmupCosine {
        if (warmupSteps < 0 || totalSteps <= 0 || warmupSteps > totalSteps) {
            throw new IllegalArgumentException("warmup of " + warmupSteps + " steps does not fit a run of " + totalSteps);
        }
    }

    @Override
    public double at(long step) {
        if (step < warmupSteps) {
            return baseLr * step / warmupSteps;
        }
        double progress = (double) (step - warmupSteps) / (totalSteps - warmupSteps);
        return baseLr * 0.5 * (1 + Math.cos(Math.PI * Math.min(1.0, progress)));
    }
}
