package io.bigtransfer.actors.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Axis ticks at round values (1, 2 or 5 times a power of ten) that enclose the data, so the axis
 * starts and ends on a labelled tick. Ticks are computed as whole multiples of the spacing, never
 * by repeated addition, so 0.1 + 0.2 never shows up as 0.30000000000000004.
 */
record Ticks(long firstMultiple, long count, double spacing) {

    /** About {@code target} ticks covering {@code [min, max]}; equal bounds get a span around them. */
    static Ticks covering(double min, double max, int target) {
        if (!Double.isFinite(min) || !Double.isFinite(max) || min > max || target < 1) {
            throw new IllegalArgumentException("no ticks for [" + min + ", " + max + "]");
        }
        if (min == max) {
            double half = min == 0 ? 1 : Math.abs(min) * 0.1;
            min -= half;
            max += half;
        }
        double spacing = roundSpacing((max - min) / target);
        long first = (long) Math.floor(min / spacing);
        long last = (long) Math.ceil(max / spacing);
        if (first == last) {
            last++;
        }
        return new Ticks(first, last - first + 1, spacing);
    }

    private static double roundSpacing(double rough) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
        double residual = rough / magnitude;
        double factor = residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10;
        return factor * magnitude;
    }

    double first() {
        return value(0);
    }

    double last() {
        return value(count - 1);
    }

    double value(long index) {
        return (firstMultiple + index) * spacing;
    }

    List<Double> values() {
        List<Double> values = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            values.add(value(i));
        }
        return values;
    }

    /** A tick's label with as many decimals as the spacing needs, and no more. */
    String label(double value) {
        int decimals = (int) Math.max(0, -Math.floor(Math.log10(spacing) + 1e-9));
        String text = String.format(Locale.ROOT, "%." + decimals + "f", value);
        return text.matches("-0(\\.0*)?") ? text.substring(1) : text;
    }
}
