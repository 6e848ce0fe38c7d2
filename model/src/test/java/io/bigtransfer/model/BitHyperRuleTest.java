package io.bigtransfer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bigtransfer.config.DataTransform;
import io.bigtransfer.config.HyperRule;
import io.bigtransfer.config.LearningRateDecay;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The numbers of DESIGN.md's two HyperRules, at and around every threshold. */
class BitHyperRuleTest {
    private static final OptionalInt UNSET = OptionalInt.empty();

    @Test
    void cosineRuleStepsByDataSetSize() {
        assertEquals(500, cosine(19_999, 32, 32).steps());
        assertEquals(10_000, cosine(20_000, 32, 32).steps());
        assertEquals(10_000, cosine(499_999, 32, 32).steps());
        assertEquals(20_000, cosine(500_000, 32, 32).steps());
    }

    @Test
    void cosineRuleFixedValuesAndNoWarmup() {
        BitHyperRule rule = cosine(5_000, 300, 400);
        assertEquals(512, rule.batch());
        assertEquals(0.003, rule.lr());
        assertEquals(0.9, rule.momentum());
        assertEquals(0.0, rule.weightDecay());
        assertEquals(0, rule.warmupSteps());
        assertEquals(LearningRateDecay.COSINE, rule.schedule());
        assertEquals(List.of(), rule.decaySteps());
        assertEquals(DataTransform.DOWNSTREAM, rule.transform());
    }

    @Test
    void cosineRuleMixupFrom250kExamples() {
        assertEquals(0.0, cosine(249_999, 32, 32).mixupAlpha());
        assertEquals(0.1, cosine(250_000, 32, 32).mixupAlpha());
    }

    @Test
    void resolutionByImageArea() {
        assertEquals(128, cosine(1000, 95, 96).resolution(), "95x96 is under 96x96");
        assertEquals(224, cosine(1000, 96, 96).resolution());
        assertEquals(128, cosine(1000, 28, 28).resolution());
        assertEquals(224, cosine(1000, 64, 200).resolution(), "12800 pixels is not under 96x96 = 9216");
        assertEquals(128, official(1000).resolution());
        assertEquals(480, BitHyperRule.derive(HyperRule.OFFICIAL, 1000, 375, 500, UNSET).resolution());
    }

    @Test
    void officialRuleBoundariesBecomeWarmupDecayAndLength() {
        BitHyperRule small = official(19_999);
        assertEquals(100, small.warmupSteps());
        assertEquals(List.of(200, 300, 400), small.decaySteps());
        assertEquals(500, small.steps());
        BitHyperRule medium = official(20_000);
        assertEquals(500, medium.warmupSteps());
        assertEquals(List.of(3000, 6000, 9000), medium.decaySteps());
        assertEquals(10_000, medium.steps());
        BitHyperRule large = official(500_000);
        assertEquals(500, large.warmupSteps());
        assertEquals(List.of(6000, 12_000, 18_000), large.decaySteps());
        assertEquals(20_000, large.steps());
        assertEquals(LearningRateDecay.STEPS, small.schedule());
        assertEquals(DataTransform.OFFICIAL, small.transform());
        assertEquals(0.0, small.weightDecay());
        assertEquals(512, small.batch());
        assertEquals(0.003, small.lr());
    }

    @Test
    void officialRuleMixupFrom20kExamples() {
        assertEquals(0.0, official(19_999).mixupAlpha());
        assertEquals(0.1, official(20_000).mixupAlpha());
    }

    @Test
    void aLengthTheUserSetStretchesTheOfficialBoundaries() {
        BitHyperRule stretched = BitHyperRule.derive(HyperRule.OFFICIAL, 1000, 28, 28, OptionalInt.of(1000));
        assertEquals(200, stretched.warmupSteps());
        assertEquals(List.of(400, 600, 800), stretched.decaySteps());
        assertEquals(1000, stretched.steps());
        BitHyperRule shrunk = BitHyperRule.derive(HyperRule.OFFICIAL, 20_000, 28, 28, OptionalInt.of(1000));
        assertEquals(List.of(50, 300, 600, 900, 1000), List.of(shrunk.warmupSteps(), shrunk.decaySteps().get(0),
                shrunk.decaySteps().get(1), shrunk.decaySteps().get(2), shrunk.steps()));
    }

    @Test
    void settingsUnderTheirKeys() {
        var settings = official(1000).asSettings();
        assertEquals(500, settings.get("bit.train.steps"));
        assertEquals(100, settings.get("bit.train.warmup-steps"));
        assertEquals(List.of(200, 300, 400), settings.get("bit.train.decay-steps"));
        assertEquals("steps", settings.get("bit.train.schedule"));
        assertEquals("official", settings.get("bit.data.transform"));
        assertEquals(128, settings.get("bit.data.resolution"));
    }

    @Test
    void offAndAutoDeriveNothing() {
        assertThrows(IllegalArgumentException.class, () -> BitHyperRule.derive(HyperRule.OFF, 10, 28, 28, UNSET));
        assertThrows(IllegalArgumentException.class, () -> BitHyperRule.derive(HyperRule.AUTO, 10, 28, 28, UNSET));
    }

    private static BitHyperRule cosine(long examples, int height, int width) {
        return BitHyperRule.derive(HyperRule.COSINE, examples, height, width, UNSET);
    }

    private static BitHyperRule official(long examples) {
        return BitHyperRule.derive(HyperRule.OFFICIAL, examples, 28, 28, UNSET);
    }
}
