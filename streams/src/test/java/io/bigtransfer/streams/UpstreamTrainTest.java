package io.bigtransfer.streams;

import static io.bigtransfer.streams.StreamTestSupport.renderGrey;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class UpstreamTrainTest {
    private static SampleRandom random(long index) {
        return SampleRandom.of(5, 0, index, RandomPurpose.AUGMENT);
    }

    /** {@code height} rows of values x % 200 for x = 0 .. width - 1. */
    private static RgbImage columns(int height, int width) {
        int[][] rows = new int[height][width];
        for (int[] row : rows) {
            Arrays.setAll(row, x -> x % 200);
        }
        return TestImages.grey(rows);
    }

    @Test
    void fallsBackToTheCenterSquareWhenNoBoxFits() {
        // 10 x 1000: every box covers at least 800 pixels, so its height is at least
        // sqrt(800 / (4/3)) = 24.5 > 10. The center square is columns 495..504, resized 10 -> 10
        // (an exact copy: values 95..104), mirrored when flipped.
        UpstreamTrain upstream = new UpstreamTrain(10);
        RgbImage image = columns(10, 1000);
        float[] forward = {95, 96, 97, 98, 99, 100, 101, 102, 103, 104};
        Set<Boolean> flips = new HashSet<>();
        for (long index = 0; index < 50; index++) {
            CropPlan plan = upstream.plan(10, 1000, random(index));
            assertEquals(new SourceBox(0, 495, 10, 10), plan.source());
            float[] row = Arrays.copyOf(renderGrey(image, plan), 10);
            float[] expected = plan.flip() ? reversed(forward) : forward;
            assertArrayEquals(expected, row, 1e-3f);
            flips.add(plan.flip());
        }
        assertEquals(Set.of(true, false), flips);
        // An odd margin puts the extra pixel after the square: (1001 - 10) / 2 = 495.
        assertEquals(new SourceBox(495, 0, 10, 10), upstream.plan(1001, 10, random(0)).source());
    }

    @Test
    void boxesFollowTheDrawsTheirDocumentationNames() {
        UpstreamTrain upstream = new UpstreamTrain(16);
        int side = 1000;
        for (long index = 0; index < 2000; index++) {
            SampleRandom r = random(index);
            CropPlan plan = upstream.plan(side, side, r);
            assertEquals(r.uniform(4) < 0.5, plan.flip());
            assertEquals(new CropPlan(plan.source(), 16, 16, 0, 0, 16, 16, plan.flip()), plan);
            SourceBox box = plan.source();
            double share = 0.08 + 0.92 * r.uniform(0);
            double aspect = Math.exp(Math.log(0.75) + Math.log(16.0 / 9.0) * r.uniform(1));
            if (box.height() == side && box.width() == side) {
                // The fallback (a fitting box of exactly 1000 x 1000 has probability ~1e-6).
                assertTrue(share * Math.max(aspect, 1 / aspect) > 0.998, "share " + share + ", aspect " + aspect);
                continue;
            }
            // Sides are at least sqrt(0.08 * 3/4) * 1000 = 245 pixels, so rounding each by half a
            // pixel moves these by under 0.5%.
            assertEquals(share, (double) box.width() * box.height() / (side * side), 0.005 * share);
            assertEquals(aspect, (double) box.width() / box.height(), 0.005 * aspect);
            assertEquals(r.below(side - box.height() + 1, 2), box.top());
            assertEquals(r.below(side - box.width() + 1, 3), box.left());
        }
    }

    @Test
    void aSquareImageFallsBackAsOftenAsTheSamplingPredicts() {
        // On a square image a box fits iff share <= m, m = min(aspect, 1 / aspect) = exp(-|ln aspect|),
        // |ln aspect| uniform on [0, L], L = ln(4/3). E[m] = (1 - e^-L) / L = (1/4) / ln(4/3) = 0.86902;
        // P(share > m) = (1 - E[m]) / 0.92 = 0.14237 (share uniform on [0.08, 1], m >= 3/4).
        UpstreamTrain upstream = new UpstreamTrain(8);
        int n = 20_000;
        int fallbacks = 0;
        for (long index = 0; index < n; index++) {
            SourceBox box = upstream.plan(1000, 1000, random(index)).source();
            if (box.equals(SourceBox.whole(1000, 1000))) {
                fallbacks++;
            }
        }
        assertEquals(0.14237, (double) fallbacks / n, 0.01);
    }

    @Test
    void boxesStayInTheImageAndTakeEveryPosition() {
        UpstreamTrain upstream = new UpstreamTrain(8);
        int side = 20;
        Map<Integer, Set<Integer>> topsByHeight = new HashMap<>();
        Map<Integer, Integer> countByHeight = new HashMap<>();
        for (long index = 0; index < 20_000; index++) {
            SourceBox box = upstream.plan(side, side, random(index)).source();
            assertTrue(box.top() + box.height() <= side && box.left() + box.width() <= side, box.toString());
            topsByHeight.computeIfAbsent(box.height(), h -> new HashSet<>()).add(box.top());
            countByHeight.merge(box.height(), 1, Integer::sum);
        }
        for (Map.Entry<Integer, Set<Integer>> entry : topsByHeight.entrySet()) {
            int height = entry.getKey();
            if (height < side && countByHeight.get(height) >= 300) {
                Set<Integer> all = new HashSet<>();
                IntStream.rangeClosed(0, side - height).forEach(all::add);
                assertEquals(all, entry.getValue(), "tops of boxes " + height + " high");
            }
        }
    }

    @Test
    void isAPureFunctionOfTheKey() {
        UpstreamTrain upstream = new UpstreamTrain(32);
        for (long index = 0; index < 100; index++) {
            assertEquals(upstream.plan(300, 400, random(index)), upstream.plan(300, 400, random(index)));
        }
        assertThrows(IllegalArgumentException.class, () -> new UpstreamTrain(0));
    }

    private static float[] reversed(float[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[values.length - 1 - i];
        }
        return out;
    }
}
