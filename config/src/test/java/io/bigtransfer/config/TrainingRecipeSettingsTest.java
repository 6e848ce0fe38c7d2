package io.bigtransfer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Schedules, mixup, gradient accumulation, linear probing, and values a HyperRule derives. */
class TrainingRecipeSettingsTest {

    private static TrainSettings train(String... overrides) {
        return TrainSettings.create(BitConfig.load(Optional.empty(), List.of(overrides)));
    }

    private static String refusal(String... overrides) {
        return assertThrows(SettingsException.class, () -> train(overrides)).getMessage();
    }

    @Test
    void defaultsAreTheUpstreamRecipe() {
        TrainSettings train = train();
        assertEquals(LearningRateDecay.COSINE, train.schedule());
        assertEquals(List.of(), train.decaySteps());
        assertEquals(0.0, train.mixupAlpha());
        assertEquals(1, train.batchSplit());
        assertFalse(train.linearProbe());
        assertEquals(DataTransform.UPSTREAM, DataSettings.create(BitConfig.load(Optional.empty(), List.of())).transform());
    }

    @Test
    void batchSplitMustDivideEachWorkersSlice() {
        assertEquals(4, train("bit.train.batch=64", "bit.train.workers=2", "bit.train.batch-split=4").batchSplit());
        assertEquals("bit.train.batch-split (3) must divide each worker's slice of 32 images"
                + " (bit.train.batch / bit.train.workers).",
                refusal("bit.train.batch=64", "bit.train.workers=2", "bit.train.batch-split=3"));
    }

    @Test
    void mixupNeedsEvenSlices() {
        assertEquals(0.1, train("bit.train.batch=12", "bit.train.workers=2", "bit.train.mixup-alpha=0.1").mixupAlpha());
        assertEquals("bit.train.mixup-alpha mixes images in pairs, so each worker's slice of 3 images"
                + " (bit.train.batch / bit.train.workers) must be even.",
                refusal("bit.train.batch=6", "bit.train.workers=2", "bit.train.mixup-alpha=0.1"));
        assertTrue(refusal("bit.train.mixup-alpha=-1").startsWith("bit.train.mixup-alpha must be zero or a positive"));
    }

    @Test
    void decayStepsMustRiseBetweenWarmupAndTheEnd() {
        TrainSettings steps = train("bit.train.steps=500", "bit.train.warmup-steps=100", "bit.train.schedule=steps",
                "bit.train.decay-steps=[200, 300, 400]");
        assertEquals(List.of(200, 300, 400), steps.decaySteps());
        String expected = "bit.train.decay-steps [200, 200] must rise strictly, after the 100 warmup steps and before"
                + " the last step (500).";
        assertEquals(expected, refusal("bit.train.steps=500", "bit.train.warmup-steps=100", "bit.train.schedule=steps",
                "bit.train.decay-steps=[200, 200]"));
        assertTrue(refusal("bit.train.steps=500", "bit.train.warmup-steps=100", "bit.train.schedule=steps",
                "bit.train.decay-steps=[50]").contains("after the 100 warmup steps"));
        assertTrue(refusal("bit.train.steps=500", "bit.train.schedule=steps", "bit.train.decay-steps=[500]")
                .contains("before the last step (500)"));
        assertEquals("bit.train.decay-steps [200] only applies to bit.train.schedule = steps, but the schedule is cosine.",
                refusal("bit.train.decay-steps=[200]"));
        assertEquals("bit.train.schedule must be one of cosine, steps, but is 'linear'.", refusal("bit.train.schedule=linear"));
    }

    @Test
    void linearProbeIsABoolean() {
        assertTrue(train("bit.train.linear-probe=true").linearProbe());
        assertEquals("bit.train.linear-probe must be true or false, but is \"maybe\".", refusal("bit.train.linear-probe=maybe"));
    }

    @Test
    void derivedValuesFillOnlyWhatTheUserLeftUnset() {
        Config user = BitConfig.load(Optional.empty(), List.of("bit.train.steps=50", "bit.data.resolution=32"));
        Map<String, Object> derived = new LinkedHashMap<>();
        derived.put("bit.train.steps", 500);
        derived.put("bit.train.lr", 0.003);
        derived.put("bit.data.resolution", 128);
        derived.put("bit.train.decay-steps", List.of());
        Config resolved = BitConfig.withDerived(user, derived, "the cosine HyperRule");
        assertEquals(50, TrainSettings.create(resolved).steps(), "the user's value wins");
        assertEquals(0.003, TrainSettings.create(resolved).lr());
        assertEquals(32, DataSettings.create(resolved).resolution());
        assertTrue(BitConfig.render(resolved).contains("bit.train.lr = 0.003"));
        assertThrows(IllegalArgumentException.class,
                () -> BitConfig.withDerived(user, Map.of("bit.train.speed", 1), "a rule"));
    }
}
