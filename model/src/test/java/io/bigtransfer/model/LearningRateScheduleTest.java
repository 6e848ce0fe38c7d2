package io.bigtransfer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void warmsUpLinearlyFromZeroThenDecaysByCosineToZero() {
        LearningRateSchedule schedule = new LearningRateSchedule(0.1, 10, 110);
        assertEquals(0.0, schedule.at(0));
        assertEquals(0.05, schedule.at(5), 1e-12);
        assertEquals(0.1, schedule.at(10), 1e-12);
        assertEquals(0.05, schedule.at(60), 1e-12, "half-way through the decay: cos(pi/2) = 0");
        assertEquals(0.1 * 0.5 * (1 + Math.cos(Math.PI * 0.25)), schedule.at(35), 1e-12);
        assertEquals(0.0, schedule.at(110), 1e-12);
    }

    @Test
    void withoutWarmupStartsAtTheBaseRate() {
        LearningRateSchedule schedule = new LearningRateSchedule(0.003, 0, 500);
        assertEquals(0.003, schedule.at(0), 1e-15);
        assertEquals(0.0015, schedule.at(250), 1e-15);
    }
}
