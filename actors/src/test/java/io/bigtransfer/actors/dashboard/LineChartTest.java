package io.bigtransfer.actors.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Coordinates checked by hand: a 400x200 chart has its plot area from x 56 to 388 (margins 56 and
 * 12) and from y 28 to 164 (margins 28 and 36); SVG's y grows downwards.
 */
class LineChartTest {
    private static final List<Series.Point> DIAGONAL = List.of(new Series.Point(0, 0), new Series.Point(10, 1),
            new Series.Point(20, 2));

    @Test
    void scalesMapLinearlyAndMayRunBackwards() {
        assertEquals(139.0, new Scale(0, 20, 56, 388).apply(5), 1e-12);
        assertEquals(130.0, new Scale(0, 2, 164, 28).apply(0.5), 1e-12);
        assertEquals(28.0, new Scale(0, 2, 164, 28).apply(2), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new Scale(1, 1, 0, 10));
    }

    @Test
    void ticksAreRoundValuesThatEncloseTheData() {
        Ticks steps = Ticks.covering(1, 50, 5);
        assertEquals(List.of(0.0, 10.0, 20.0, 30.0, 40.0, 50.0), steps.values());
        assertEquals("30", steps.label(30));
        Ticks fractions = Ticks.covering(0.13, 0.87, 5);
        assertEquals(List.of("0.0", "0.2", "0.4", "0.6", "0.8", "1.0"),
                fractions.values().stream().map(fractions::label).toList());
        assertEquals("0.6", fractions.label(fractions.value(3)), "a multiple, not 0.2 + 0.2 + 0.2");
    }

    @Test
    void aConstantSeriesGetsASpanAroundItsValue() {
        Ticks lr = Ticks.covering(0.003, 0.003, 5);
        assertEquals(0.0026, lr.first(), 1e-15);
        assertEquals(0.0034, lr.last(), 1e-15);
        assertEquals("0.0030", lr.label(0.003));
        assertEquals(List.of(-1.0, -0.5, 0.0, 0.5, 1.0), Ticks.covering(0, 0, 4).values());
        assertEquals("0.0", Ticks.covering(-1, 1, 4).label(-0.0), "no minus zero");
    }

    @Test
    void linesPassThroughTheHandComputedPixels() {
        String svg = new LineChart("Loss", "step", 400, 200).render(List.of(new Series("loss", "#d62728", DIAGONAL)));
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"400\" height=\"200\""),
                svg);
        assertTrue(svg.contains("<rect x=\"56.0\" y=\"28.0\" width=\"332.0\" height=\"136.0\""), svg);
        assertTrue(svg.contains("<polyline fill=\"none\" stroke=\"#d62728\" stroke-width=\"2\" stroke-linejoin=\"round\" "
                + "points=\"56.0,164.0 222.0,96.0 388.0,28.0\"/>"), svg);
        assertTrue(svg.contains("<circle cx=\"222.0\" cy=\"96.0\" r=\"3\" fill=\"#d62728\"/>"), svg);
        // x ticks 0, 5, ..., 20 every 83 px under the plot; y ticks 0, 0.5, ..., 2 every 34 px left of it.
        assertEquals(List.of("56.0 0", "139.0 5", "222.0 10", "305.0 15", "388.0 20"),
                labels(svg, "<text x=\"([0-9.]+)\" y=\"178.0\" text-anchor=\"middle\" fill=\"#555555\">([^<]+)</text>"));
        assertEquals(List.of("168.0 0.0", "134.0 0.5", "100.0 1.0", "66.0 1.5", "32.0 2.0"),
                labels(svg, "<text x=\"51.0\" y=\"([0-9.]+)\" text-anchor=\"end\" fill=\"#555555\">([^<]+)</text>"));
        assertTrue(svg.contains("<line x1=\"56.0\" y1=\"96.0\" x2=\"388.0\" y2=\"96.0\" stroke=\"#e4e4e4\"/>"), svg);
        assertTrue(svg.endsWith("</svg>"));
    }

    @Test
    void fixedRangesOverrideTheData() {
        String svg = new LineChart("Accuracy", "step", 400, 200).xRange(0, 40).yRange(0, 100)
                .render(List.of(new Series("top-1", "#1f77b4",
                        List.of(new Series.Point(20, 50), new Series.Point(40, 75)))));
        // x: 56 + 20/40 * 332 = 222; y: 164 - 50/100 * 136 = 96 and 164 - 0.75 * 136 = 62.
        assertTrue(svg.contains("points=\"222.0,96.0 388.0,62.0\""), svg);
    }

    @Test
    void severalSeriesGetALegendAndEmptyChartsSaySo() {
        String two = new LineChart("Accuracy", "step", 400, 200).render(List.of(new Series("top-1", "#1f77b4", DIAGONAL),
                new Series("top-5", "#ff7f0e", DIAGONAL)));
        assertTrue(two.contains("<text x=\"388.0\" y=\"18\" text-anchor=\"end\" fill=\"#ff7f0e\">top-5</text>"), two);
        assertTrue(two.contains("fill=\"#1f77b4\">top-1</text>"), two);
        String empty = new LineChart("Loss <&>", "step", 400, 200)
                .render(List.of(new Series("loss", "#d62728", List.of())));
        assertTrue(empty.contains(">no data yet</text>"), empty);
        assertTrue(empty.contains("Loss &lt;&amp;&gt;"), empty);
        assertFalse(empty.contains("#d62728"), "no trace of the line's colour without data");
    }

    @Test
    void longSeriesAreThinnedButKeepTheirLastPoint() {
        List<Series.Point> points = java.util.stream.IntStream.rangeClosed(1, 1001)
                .mapToObj(i -> new Series.Point(i, i)).toList();
        Series thinned = new Series("loss", "#d62728", points).thinnedTo(100);
        assertTrue(thinned.points().size() <= 100, "kept " + thinned.points().size());
        assertEquals(new Series.Point(1, 1), thinned.points().get(0));
        assertEquals(new Series.Point(1001, 1001), thinned.points().get(thinned.points().size() - 1));
        String svg = new LineChart("Loss", "step", 400, 200).render(List.of(thinned));
        assertFalse(svg.contains("<circle"), "no dots on a long line");
    }

    private static List<String> labels(String svg, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(svg);
        List<String> found = new java.util.ArrayList<>();
        while (matcher.find()) {
            found.add(matcher.group(1) + " " + matcher.group(2));
        }
        return found;
    }
}
