package io.bigtransfer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bigtransfer.config.BitConfig;
import io.bigtransfer.config.TrainSettings;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void warmsUpLinearlyFromZeroThenDecaysByCosineToZero() {
        LearningRateSchedule schedule = new WarmupCosine(0.1, 10, 110);
        assertEquals(0.0, schedule.at(0));
        assertEquals(0.05, schedule.at(5), 1e-12);
        assertEquals(0.1, schedule.at(10), 1e-12);
        assertEquals(0.05, schedule.at(60), 1e-12, "half-way through the decay: cos(pi/2) = 0");
        assertEquals(0.1 * 0.5 * (1 + Math.cos(Math.PI * 0.25)), schedule.at(35), 1e-12);
        assertEquals(0.0, schedule.at(110), 1e-12);
    }

    @Test
    void withoutWarmupStartsAtTheBaseRate() {
        LearningRateSchedule schedule = new WarmupCosine(0.003, 0, 500);
        assertEquals(0.003, schedule.at(0), 1e-15);
        assertEquals(0.0015, schedule.at(250), 1e-15);
    }

    @Test
    void officialStepScheduleWarmsUpThenDividesByTenAfterEachBoundary() {
        // The official rule for < 20k examples: boundaries 100, 200, 300, 400, 500 (lr 0.003).
        LearningRateSchedule schedule = new WarmupStepDecay(0.003, 100, List.of(200, 300, 400));
        assertEquals(0.0, schedule.at(0));
        assertEquals(0.0015, schedule.at(50), 1e-15);
        assertEquals(0.003, schedule.at(100), 1e-15);
        assertEquals(0.003, schedule.at(200), 1e-15, "the official code decays only once step > boundary");
        assertEquals(0.0003, schedule.at(201), 1e-15);
        assertEquals(0.0003, schedule.at(300), 1e-15);
        assertEquals(0.00003, schedule.at(301), 1e-16);
        assertEquals(0.000003, schedule.at(499), 1e-17);
    }

    @Test
    void settingsChooseTheSchedule() {
        TrainSettings cosine = TrainSettings.create(BitConfig.load(Optional.empty(),
                List.of("bit.train.steps=110", "bit.train.lr=0.1", "bit.train.warmup-steps=10")));
        assertEquals(new WarmupCosine(0.1, 10, 110), LearningRateSchedule.of(cosine));
        TrainSettings steps = TrainSettings.create(BitConfig.load(Optional.empty(), List.of("bit.train.steps=500",
                "bit.train.lr=0.003", "bit.train.warmup-steps=100", "bit.train.schedule=steps",
                "bit.train.decay-steps=[200,300,400]")));
        assertEquals(new WarmupStepDecay(0.003, 100, List.of(200, 300, 400)), LearningRateSchedule.of(steps));
    }
}
