package io.bigtransfer.model;

import io.bigtransfer.config.TrainSettings;

/**
 * The learning rate of each step, numbered from 0. Both of BiT's schedules start with a linear
 * warmup from 0 ({@code base * step / warmup}, as the official implementation computes it, so the
 * first step of a warmup runs at lr 0).
 */
public sealed interface LearningRateSchedule permits WarmupCosine, WarmupStepDecay {

    double at(long step);

    /** The schedule {@code bit.train} describes. */
    static LearningRateSchedule of(TrainSettings train) {
        return switch (train.schedule()) {
            case COSINE -> new WarmupCosine(train.lr(), train.warmupSteps(), train.steps());
            case STEPS -> new WarmupStepDecay(train.lr(), train.warmupSteps(), train.decaySteps());
        };
    }
}
