package io.bigtransfer.actors.cli;

import io.bigtransfer.actors.bench.HeapTrend;
import io.bigtransfer.actors.bench.StreamMemoryBenchmark;
import io.bigtransfer.config.DataTransform;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code bench stream --data DIR [--images 1000000] [--report-every 100000] [--transform downstream]
 * [--resolution 32] [--batch 128] [--threads 2]}: the training stream over small images under
 * this JVM's fixed heap ({@link StreamMemoryBenchmark}), with the heap after a full GC at every
 * report; the last line is JSON with the series and a verdict. Two decode threads, as
 * {@code bit.data.decode-threads} defaults to.
 */
final class StreamBench {
    private static final Set<String> OPTIONS = Set.of("--data", "--images", "--report-every", "--transform",
            "--resolution", "--batch", "--threads");
    private static final double MB = 1024.0 * 1024.0;

    private StreamBench() {
    }

    static int run(List<String> args, PrintStream out) {
        Arguments arguments = Arguments.parse(args, OPTIONS, Set.of());
        if (!arguments.words().isEmpty()) {
            throw new UsageException("bench stream takes no words, but got '" + arguments.words().get(0) + "'.");
        }
        String transform = arguments.option("--transform").orElse("downstream");
        StreamMemoryBenchmark.Settings settings = new StreamMemoryBenchmark.Settings(
                Path.of(arguments.required("--data")), transform(transform), arguments.positiveInt("--resolution", 32),
                arguments.positiveInt("--batch", 128), arguments.positiveInt("--threads", 2),
                arguments.positiveInt("--images", 1_000_000), arguments.positiveInt("--report-every", 100_000));
        long maxHeap = Runtime.getRuntime().maxMemory();
        out.printf(Locale.ROOT, "bench stream: %s %dx%d, batches of %d, %d decode threads, %d images, a report every"
                        + " %d, max heap %.0f MiB, data %s%n", transform, settings.resolution(), settings.resolution(),
                settings.batch(), settings.threads(), settings.images(), settings.reportEvery(), maxHeap / MB,
                settings.data());
        StreamMemoryBenchmark.Result result = StreamMemoryBenchmark.run(settings, report -> out.printf(Locale.ROOT,
                "%d images (epoch %d): %.1f images/s, heap after GC %.1f MiB of %.0f MiB, %d decoded ahead%n",
                report.images(), report.epoch(), report.imagesPerSecond(), report.heapAfterGcBytes() / MB,
                maxHeap / MB, report.decodedAhead()));
        HeapTrend trend = result.trend();
        String verdict = trend.flat() ? "flat" : "growing";
        out.printf(Locale.ROOT, "%d images in %.1f s of streaming, %.1f images/s (decoder: %s; %d samples, %d skipped);"
                        + " heap after GC changed by %+.2f MiB from the first report to the last (bound %.0f MiB):"
                        + " %s%n", result.images(), result.seconds(), result.imagesPerSecond(), result.decoder(),
                result.samples(), result.skipped().total(), trend.growthMb(), HeapTrend.BOUND_MB, verdict);
        String series = result.reports().stream().map(r -> String.format(Locale.ROOT,
                "{\"images\":%d,\"epoch\":%d,\"img_s\":%.1f,\"heap_after_gc_mb\":%.2f,\"decoded_ahead\":%d}",
                r.images(), r.epoch(), r.imagesPerSecond(), r.heapAfterGcBytes() / MB, r.decodedAhead()))
                .collect(Collectors.joining(",", "[", "]"));
        out.printf(Locale.ROOT, "{\"bench\":\"stream\",\"transform\":\"%s\",\"resolution\":%d,\"batch\":%d,"
                        + "\"threads\":%d,\"decoder\":\"%s\",\"samples\":%d,\"images\":%d,\"seconds\":%.1f,"
                        + "\"img_s\":%.1f,\"skipped\":%d,\"max_heap_mb\":%.0f,\"heap_measure\":\"MemoryMXBean heap used"
                        + " after System.gc(), stream standing still\",\"reports\":%s,\"heap_growth_mb\":%.2f,"
                        + "\"heap_spread_mb\":%.2f,\"growth_bytes_per_image\":%s,\"bound_mb\":%.0f,"
                        + "\"verdict\":\"%s\"}%n", transform, settings.resolution(), settings.batch(),
                settings.threads(), result.decoder(), result.samples(), result.images(), result.seconds(),
                result.imagesPerSecond(), result.skipped().total(), maxHeap / MB, series, trend.growthMb(),
                trend.spreadMb(), Double.isFinite(trend.bytesPerImage())
                        ? String.format(Locale.ROOT, "%.3f", trend.bytesPerImage()) : "null",
                HeapTrend.BOUND_MB, verdict);
        return 0;
    }

    private static DataTransform transform(String name) {
        return Arrays.stream(DataTransform.values()).filter(t -> t.name().equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new UsageException("--transform must be upstream, downstream or official, not '"
                        + name + "'."));
    }
}
