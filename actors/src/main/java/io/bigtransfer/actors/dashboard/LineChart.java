package io.bigtransfer.actors.dashboard;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A line chart as an inline SVG element: a framed plot area with grid lines and labelled ticks on
 * both axes, one polyline per series (with a dot per point when a series has few), a title, and a
 * legend when there is more than one series. The x and y ranges default to ticks around the data;
 * a fixed range (accuracy in 0..100 %, one step axis for several charts) can be given.
 */
final class LineChart {
    static final int MARGIN_LEFT = 56;
    static final int MARGIN_RIGHT = 12;
    static final int MARGIN_TOP = 28;
    static final int MARGIN_BOTTOM = 36;
    private static final int MARKERS_UP_TO = 40;
    private static final String AXIS_COLOUR = "#555555";
    private static final String GRID_COLOUR = "#e4e4e4";

    private final String title;
    private final String xLabel;
    private final int width;
    private final int height;
    private Optional<double[]> xRange = Optional.empty();
    private Optional<double[]> yRange = Optional.empty();

    LineChart(String title, String xLabel, int width, int height) {
        this.title = title;
        this.xLabel = xLabel;
        this.width = width;
        this.height = height;
    }

    LineChart xRange(double min, double max) {
        xRange = Optional.of(new double[] {min, max});
        return this;
    }

    LineChart yRange(double min, double max) {
        yRange = Optional.of(new double[] {min, max});
        return this;
    }

    String render(List<Series> series) {
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"%d\" "
                        + "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\" role=\"img\" "
                        + "aria-label=\"%s\">", width, height, width, height, Html.escape(title)));
        double left = MARGIN_LEFT;
        double right = width - MARGIN_RIGHT;
        double top = MARGIN_TOP;
        double bottom = height - MARGIN_BOTTOM;
        svg.append(String.format(Locale.ROOT, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"#ffffff\" "
                + "stroke=\"#bbbbbb\"/>", number(left), number(top), number(right - left), number(bottom - top)));
        svg.append(String.format(Locale.ROOT, "<text x=\"%s\" y=\"18\" font-size=\"13\" font-weight=\"bold\" "
                + "fill=\"#222222\">%s</text>", number(left), Html.escape(title)));
        List<Series> withData = series.stream().filter(s -> !s.points().isEmpty()).toList();
        if (withData.isEmpty()) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%s\" y=\"%s\" text-anchor=\"middle\" fill=\"%s\">no data "
                    + "yet</text>", number((left + right) / 2), number((top + bottom) / 2), AXIS_COLOUR));
            return svg.append("</svg>").toString();
        }
        Ticks xTicks = ticks(xRange, withData, true, 8);
        Ticks yTicks = ticks(yRange, withData, false, 5);
        Scale x = new Scale(xTicks.first(), xTicks.last(), left, right);
        Scale y = new Scale(yTicks.first(), yTicks.last(), bottom, top);
        for (double value : xTicks.values()) {
            double px = x.apply(value);
            svg.append(line(px, top, px, bottom, GRID_COLOUR));
            svg.append(String.format(Locale.ROOT, "<text x=\"%s\" y=\"%s\" text-anchor=\"middle\" fill=\"%s\">%s</text>",
                    number(px), number(bottom + 14), AXIS_COLOUR, xTicks.label(value)));
        }
        for (double value : yTicks.values()) {
            double py = y.apply(value);
            svg.append(line(left, py, right, py, GRID_COLOUR));
            svg.append(String.format(Locale.ROOT, "<text x=\"%s\" y=\"%s\" text-anchor=\"end\" fill=\"%s\">%s</text>",
                    number(left - 5), number(py + 4), AXIS_COLOUR, yTicks.label(value)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%s\" y=\"%s\" text-anchor=\"middle\" fill=\"%s\">%s</text>",
                number((left + right) / 2), number(height - 4), AXIS_COLOUR, Html.escape(xLabel)));
        for (Series one : withData) {
            svg.append(polyline(one, x, y));
        }
        if (withData.size() > 1) {
            svg.append(legend(withData, right));
        }
        return svg.append("</svg>").toString();
    }

    private static Ticks ticks(Optional<double[]> fixed, List<Series> series, boolean horizontal, int target) {
        if (fixed.isPresent()) {
            return Ticks.covering(fixed.get()[0], fixed.get()[1], target);
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Series one : series) {
            for (Series.Point point : one.points()) {
                double value = horizontal ? point.x() : point.y();
                min = Math.min(min, value);
                max = Math.max(max, value);
            }
        }
        return Ticks.covering(min, max, target);
    }

    private static String polyline(Series series, Scale x, Scale y) {
        StringBuilder points = new StringBuilder();
        StringBuilder markers = new StringBuilder();
        boolean marked = series.points().size() <= MARKERS_UP_TO;
        for (Series.Point point : series.points()) {
            String px = number(x.apply(point.x()));
            String py = number(y.apply(point.y()));
            points.append(points.length() == 0 ? "" : " ").append(px).append(',').append(py);
            if (marked) {
                markers.append(String.format(Locale.ROOT, "<circle cx=\"%s\" cy=\"%s\" r=\"3\" fill=\"%s\"/>", px, py,
                        series.colour()));
            }
        }
        return String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
                + "stroke-linejoin=\"round\" points=\"%s\"/>", series.colour(), points) + markers;
    }

    private static String legend(List<Series> series, double right) {
        StringBuilder legend = new StringBuilder();
        double end = right;
        for (int i = series.size() - 1; i >= 0; i--) {
            Series one = series.get(i);
            legend.append(String.format(Locale.ROOT, "<text x=\"%s\" y=\"18\" text-anchor=\"end\" fill=\"%s\">%s</text>",
                    number(end), one.colour(), Html.escape(one.name())));
            end -= 7 * one.name().length() + 16;
        }
        return legend.toString();
    }

    private static String line(double x1, double y1, double x2, double y2, String colour) {
        return String.format(Locale.ROOT, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\"/>", number(x1),
                number(y1), number(x2), number(y2), colour);
    }

    /** Pixel coordinates to a tenth of a pixel: more is invisible and only makes the page larger. */
    static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
