package io.bigtransfer.model;

import java.util.List;

/**
 * The official HyperRule's schedule (google-research/big_transfer, {@code bit_hyperrule.get_lr}):
 * linear warmup from 0 over {@code warmupSteps}, then {@code baseLr} divided by 10 once for every
 * decay boundary already passed. As in the official code a boundary {@code d} counts from step
 * {@code d + 1} on ({@code d < step}): with boundaries 200, 300, steps 100-200 run at the base
 * rate, 201-300 at a tenth of it.
 */
public record WarmupStepDecay(double baseLr, int warmupSteps, List<Integer> decaySteps) implements LearningRateSchedule {

    public WarmupStepDecay {
        decaySteps = List.copyOf(decaySteps);
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("warmup of " + warmupSteps + " steps");
        }
    }

    @Override
    public double at(long step) {
        if (step < warmupSteps) {
            return baseLr * step / warmupSteps;
        }
        double lr = baseLr;
        for (int boundary : decaySteps) {
            if (boundary < step) {
                lr /= 10;
            }
        }
        return lr;
    }
}
