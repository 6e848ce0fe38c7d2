package io.bigtransfer.streams;

import static io.bigtransfer.streams.StreamTestSupport.renderGrey;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OfficialTransformsTest {
    private static SampleRandom random(long index) {
        return SampleRandom.of(2, 0, index, RandomPurpose.AUGMENT);
    }

    @Test
    void evalSquashesTheWholeImageWithoutCropOrFlip() {
        assertEquals(new CropPlan(SourceBox.whole(375, 500), 128, 128, 0, 0, 128, 128, false),
                new OfficialEval(128).plan(375, 500, random(0)));
        // 2 x 4 squashed to 2 x 2: rows stay, columns 4 -> 2 sample 0.5 and 2.5 (a shorter-side
        // resize would have kept 2 x 4).
        RgbImage image = TestImages.grey(new int[][] {{0, 10, 20, 30}, {100, 110, 120, 130}});
        CropPlan plan = new OfficialEval(2).plan(2, 4, random(0));
        assertArrayEquals(new float[] {5, 25, 105, 125}, renderGrey(image, plan), 1e-3f);
    }

    @Test
    void trainSquashesToTheResizeTargetThenCropsAndFlipsAtRandom() {
        OfficialTrain train = new OfficialTrain(8);
        assertEquals(9, train.precrop()); // round(8 * 256 / 224)
        Set<List<Integer>> offsets = new HashSet<>();
        Set<Boolean> flips = new HashSet<>();
        for (long index = 0; index < 200; index++) {
            SampleRandom r = random(index);
            CropPlan plan = train.plan(10, 20, r);
            assertEquals(plan, train.plan(10, 20, random(index)));
            // Draws 0, 1, 2: top, left, flip.
            assertEquals(new CropPlan(SourceBox.whole(10, 20), 9, 9, r.below(2, 0), r.below(2, 1), 8, 8,
                    r.uniform(2) < 0.5), plan);
            offsets.add(List.of(plan.top(), plan.left()));
            flips.add(plan.flip());
        }
        assertEquals(Set.of(List.of(0, 0), List.of(0, 1), List.of(1, 0), List.of(1, 1)), offsets);
        assertEquals(Set.of(true, false), flips);
    }

    @Test
    void theOfficialHyperRulePairsArePassedExplicitly() {
        CropPlan plan = new OfficialTrain(160, 128).plan(375, 500, random(1));
        assertEquals(160, plan.resizedHeight());
        assertEquals(160, plan.resizedWidth());
        assertEquals(128, plan.height());
        assertEquals(new OfficialTrain(549, 480), new OfficialTrain(480));
    }

    @Test
    void refusesACropLargerThanItsPrecrop() {
        assertEquals("precrop 127 is smaller than the resolution 128",
                assertThrows(IllegalArgumentException.class, () -> new OfficialTrain(127, 128)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new OfficialTrain(0));
        assertThrows(IllegalArgumentException.class, () -> new OfficialEval(0));
    }
}
