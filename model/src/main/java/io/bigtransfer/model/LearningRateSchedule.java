package io.bigtransfer.model;

/**
 * The upstream schedule: linear warmup from 0 over {@code warmupSteps}, then cosine decay to 0 at
 * {@code totalSteps}. Step numbers start at 0, so the first step of a warmup runs at lr 0, as in the
 * official implementation ({@code base * step / warmup}).
 */
public record LearningRateSchedule(double baseLr, int warmupSteps, int totalSteps) {

    public LearningRateSchedule {
        if (warmupSteps < 0 || totalSteps <= 0 || warmupSteps > totalSteps) {
            throw new IllegalArgumentException("warmup of " + warmupSteps + " steps does not fit a run of " + totalSteps);
        }
    }

    public double at(long step) {
        if (step < warmupSteps) {
            return baseLr * step / warmupSteps;
        }
        double progress = (double) (step - warmupSteps) / (totalSteps - warmupSteps);
        return baseLr * 0.5 * (1 + Math.cos(Math.PI * Math.min(1.0, progress)));
    }
}
