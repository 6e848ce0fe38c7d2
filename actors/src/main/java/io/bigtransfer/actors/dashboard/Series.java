package io.bigtransfer.actors.dashboard;

import java.util.ArrayList;
import java.util.List;

/** One line of a chart: its name (the legend), its colour, and its points in order of x. */
record Series(String name, String colour, List<Point> points) {

    record Point(double x, double y) {
    }

    Series {
        points = List.copyOf(points);
    }

    /**
     * At most {@code limit} points: every k-th point and always the last, so a long run's chart
     * stays a few kilobytes and still ends at the newest value.
     */
    Series thinnedTo(int limit) {
        if (points.size() <= limit) {
            return this;
        }
        int stride = (points.size() + limit - 2) / (limit - 1);
        List<Point> kept = new ArrayList<>();
        for (int i = 0; i < points.size() - 1; i += stride) {
            kept.add(points.get(i));
        }
        kept.add(points.get(points.size() - 1));
        return new Series(name, colour, kept);
    }
}
