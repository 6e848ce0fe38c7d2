package io.bigtransfer.actors.bench;

import java.util.List;

/**
 * Whether the heap after GC stays flat over a run: its growth from the first report to the last,
 * against {@link #BOUND_MB}. The first report, not the start, is the baseline, since the first
 * images load classes and fill caches that stay for good.
 *
 * @param growthMb        heap after GC at the last report minus at the first, MiB (0 for one report)
 * @param spreadMb        largest minus smallest heap after GC over all reports, MiB
 * @param bytesPerImage   growth over the images between the first and the last report (NaN for one)
 * @param flat            growth at most {@link #BOUND_MB}
 */
public record HeapTrend(double growthMb, double spreadMb, double bytesPerImage, boolean flat) {
    /**
     * The growth allowed: a leak of 17 bytes per image over a million images exceeds it, while the
     * stream's own bounded buffers (a few batches) never move it, since every report measures them full.
     */
    public static final double BOUND_MB = 16;
    private static final double MB = 1024.0 * 1024.0;

    /** One report's figures: images consumed so far and the heap used after a full GC, in bytes. */
    public record Point(long images, long heapAfterGcBytes) {
    }

    /** The trend of {@code points}, in report order; there must be at least one. */
    public static HeapTrend of(List<Point> points) {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("A heap trend needs at least one report.");
        }
        Point first = points.get(0);
        Point last = points.get(points.size() - 1);
        long growth = last.heapAfterGcBytes() - first.heapAfterGcBytes();
        long max = points.stream().mapToLong(Point::heapAfterGcBytes).max().orElseThrow();
        long min = points.stream().mapToLong(Point::heapAfterGcBytes).min().orElseThrow();
        long images = last.images() - first.images();
        return new HeapTrend(growth / MB, (max - min) / MB, images > 0 ? (double) growth / images : Double.NaN,
                growth / MB <= BOUND_MB);
    }
}
