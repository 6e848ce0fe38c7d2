package io.bigtransfer.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TransformTest {
    private static SampleRandom random(long index) {
        return SampleRandom.of(1, 0, index, RandomPurpose.AUGMENT);
    }

    @Test
    void resizeTargetsAreBitsTable() {
        assertEquals(256, Transform.resizeFor(224));
        assertEquals(146, Transform.resizeFor(128));
        assertEquals(439, Transform.resizeFor(384));
        assertEquals(549, Transform.resizeFor(480));
    }

    @Test
    void evalCentersTheCropInTheShorterSideResize() {
        // 500 wide, 375 high: shorter side 375 -> 256, longer 500 * 256 / 375 = 341.33 -> 341.
        CropPlan landscape = new DownstreamEval(224).plan(375, 500, random(0));
        assertEquals(new CropPlan(SourceBox.whole(375, 500), 256, 341, 16, 58, 224, 224, false), landscape);
        CropPlan portrait = new DownstreamEval(224).plan(500, 375, random(0));
        assertEquals(new CropPlan(SourceBox.whole(500, 375), 341, 256, 58, 16, 224, 224, false), portrait);
        CropPlan square = new DownstreamEval(128).plan(32, 32, random(0));
        assertEquals(new CropPlan(SourceBox.whole(32, 32), 146, 146, 9, 9, 128, 128, false), square);
    }

    @Test
    void trainCropsFitDependOnlyOnTheKeyAndReachEveryOffsetAndBothFlips() {
        DownstreamTrain train = new DownstreamTrain(8);
        Set<Integer> tops = new HashSet<>();
        Set<Integer> lefts = new HashSet<>();
        Set<Boolean> flips = new HashSet<>();
        for (long index = 0; index < 500; index++) {
            CropPlan plan = train.plan(10, 20, random(index));
            assertEquals(plan, train.plan(10, 20, random(index)));
            // 10x20 -> shorter side 9 (round(8 * 256 / 224)), longer round(20 * 9 / 10) = 18.
            assertEquals(9, plan.resizedHeight());
            assertEquals(18, plan.resizedWidth());
            assertEquals(8, plan.height());
            assertEquals(8, plan.width());
            tops.add(plan.top());
            lefts.add(plan.left());
            flips.add(plan.flip());
        }
        assertEquals(Set.of(0, 1), tops);
        assertEquals(11, lefts.size());
        assertEquals(Set.of(true, false), flips);
    }

    @Test
    void aCropMustFitItsResizedImage() {
        assertThrows(IllegalArgumentException.class, () -> new CropPlan(SourceBox.whole(9, 9), 9, 9, 2, 0, 8, 8, false));
        assertThrows(IllegalArgumentException.class, () -> new DownstreamTrain(0));
        assertTrue(new CropPlan(SourceBox.whole(9, 9), 9, 9, 1, 1, 8, 8, true).flip());
        assertFalse(new DownstreamEval(8).plan(9, 9, random(3)).flip());
    }
}
