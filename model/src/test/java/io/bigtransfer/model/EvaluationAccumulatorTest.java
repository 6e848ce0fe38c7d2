package io.bigtransfer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EvaluationAccumulatorTest {

    @Test
    void handComputedThreeClassCase() {
        EvaluationAccumulator accumulator = new EvaluationAccumulator(3);
        // Row 0: label 0, correct. Row 1: label 1, predicted 2. Row 2: label 1, correct (second batch).
        accumulator.add(new float[] {2, 0, 0, 0, 1, 3}, new int[] {0, 1});
        accumulator.add(new float[] {0, 5, 0}, new int[] {1});
        EvaluationReport report = accumulator.report();
        assertEquals(3, report.count());
        assertEquals(2.0 / 3, report.top1(), 1e-12);
        assertEquals(1.0, report.top5(), "fewer than five classes: every class is in the top five");
        double loss0 = Math.log(Math.exp(2) + 2) - 2;
        double loss1 = Math.log(1 + Math.exp(1) + Math.exp(3)) - 1;
        double loss2 = Math.log(Math.exp(5) + 2) - 5;
        assertEquals((loss0 + loss1 + loss2) / 3, report.meanLoss(), 1e-9);
        assertArrayEquals(new double[] {1.0, 0.5, Double.NaN}, report.perClassAccuracy());
        assertEquals(0.75, report.meanPerClassAccuracy(), 1e-12);
    }

    @Test
    void topFiveCountsTheTrueClassAmongTheFiveLargest() {
        EvaluationAccumulator accumulator = new EvaluationAccumulator(7);
        // True class 6 is the 5th largest logit in row 0, the 6th in row 1.
        accumulator.add(new float[] {7, 6, 5, 4, 0, 1, 3, 7, 6, 5, 4, 3, 1, 2}, new int[] {6, 6});
        assertEquals(0.5, accumulator.report().top5(), 1e-12);
        assertEquals(0.0, accumulator.report().top1());
    }

    @Test
    void tiesDoNotCountAsCorrect() {
        EvaluationAccumulator accumulator = new EvaluationAccumulator(2);
        accumulator.add(new float[] {0, 0}, new int[] {0});
        assertEquals(0.0, accumulator.report().top1());
    }
}
