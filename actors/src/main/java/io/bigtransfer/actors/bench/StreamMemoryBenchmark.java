package io.bigtransfer.actors.bench;

import io.bigtransfer.actors.training.PrefetchingSliceSource;
import io.bigtransfer.actors.training.Transforms;
import io.bigtransfer.config.DataTransform;
import io.bigtransfer.config.Normalization;
import io.bigtransfer.streams.DataSources;
import io.bigtransfer.streams.Dataset;
import io.bigtransfer.streams.ImageDecoder;
import io.bigtransfer.streams.ImagePipeline;
import io.bigtransfer.streams.MicroBatch;
import io.bigtransfer.streams.SkippedInputs;
import io.bigtransfer.streams.TrainingRanges;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Backpressure end to end: one worker's training input, built as a training job builds it
 * ({@link TrainingRanges} read through a {@link PrefetchingSliceSource}, {@link Transforms#training},
 * {@link ImageDecoder#fastest()}, ImageNet normalization), runs over the data set epoch after epoch
 * until {@code images} images have been consumed, one whole batch per step; the consumer sums every
 * batch's floats. Every {@code reportEvery} images it stops pulling until the decoders stand still, so
 * that every buffer backpressure allows is full, then forces a full GC ({@code System.gc()}, a
 * full collection under G1, Parallel and Serial) and reads the heap used ({@code MemoryMXBean}).
 * Rates leave these pauses out.
 */
public final class StreamMemoryBenchmark {
    private static final long SEED = 1;
    /** The decoders count as standing still once they have finished no sample for this long. */
    private static final long QUIET_MILLIS = 250;
    /** Far longer than a stream with all buffers full takes to stop, so running on means no backpressure. */
    private static final long QUIET_LIMIT_MILLIS = 60_000;

    /** What to run; {@code transform} is the training transform of {@code bit.data.transform}. */
    public record Settings(Path data, DataTransform transform, int resolution, int batch, int threads, long images,
                           long reportEvery) {
        public Settings {
            if (images <= 0 || reportEvery <= 0) {
                throw new IllegalArgumentException("The image count and the report interval must be positive.");
            }
        }
    }

    /**
     * One report: {@code images} consumed so far (whole batches, so up to a batch past the mark),
     * in {@code epoch}; {@code imagesPerSecond} since the previous report; {@code decodedAhead}
     * samples decoded but not yet consumed once the stream stood still, which backpressure bounds.
     */
    public record Report(long images, long epoch, double imagesPerSecond, long heapAfterGcBytes, long decodedAhead) {
    }

    /**
     * The reports in order; {@code seconds} is the streaming time without the measuring pauses;
     * {@code checksum} is the sum of every float consumed, which keeps the reading from being optimized away.
     */
    public record Result(List<Report> reports, long images, double seconds, long maxHeapBytes, long samples,
                         int classes, String decoder, SkippedInputs skipped, double checksum) {
        public double imagesPerSecond() {
            return images / seconds;
        }

        public HeapTrend trend() {
            return HeapTrend.of(reports.stream().map(r -> new HeapTrend.Point(r.images(), r.heapAfterGcBytes()))
                    .toList());
        }
    }

    private StreamMemoryBenchmark() {
    }

    /**
     * The image count at which the next report falls, after one at {@code consumed}: the next
     * multiple of {@code every}, or {@code target} where that comes first. A batch that crosses
     * several multiples gives one report.
     */
    static long nextReport(long consumed, long every, long target) {
        return Math.min((consumed / every + 1) * every, target);
    }

    /** Runs to the end; {@code onReport} sees each report as it is taken, on this thread. */
    public static Result run(Settings settings, Consumer<Report> onReport) {
        Dataset dataset = DataSources.open(settings.data());
        CountingDecoder decoder = new CountingDecoder(ImageDecoder.fastest());
        SkippedInputs skipped = new SkippedInputs();
        ThreadPoolExecutor decode = new ThreadPoolExecutor(settings.threads(), settings.threads(), 0,
                TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), daemonThreads());
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "bit-bench-stream");
        try {
            ImagePipeline pipeline = new ImagePipeline(Transforms.training(settings.transform(), settings.resolution()),
                    Normalization.IMAGENET, decoder, settings.threads(), decode, skipped);
            TrainingRanges ranges = new TrainingRanges(dataset, SEED, settings.batch(), pipeline, 0);
            List<Report> reports = new ArrayList<>();
            double checksum = 0;
            long images = 0;
            long samplesConsumed = 0;
            long nextReport = nextReport(0, settings.reportEvery(), settings.images());
            long streamingNanos = 0;
            long imagesAtLastReport = 0;
            try (PrefetchingSliceSource slices = new PrefetchingSliceSource(ranges, system, PrefetchingSliceSource.DEPTH)) {
                long start = System.nanoTime();
                long step = 0;
                while (images < settings.images()) {
                    MicroBatch batch = next(slices, step++, settings.batch());
                    checksum += sum(batch.pixels()) + sum(batch.softTargets());
                    images += batch.count();
                    samplesConsumed += batch.count() + batch.skipped().size();
                    if (images >= nextReport) {
                        long interval = System.nanoTime() - start;
                        streamingNanos += interval;
                        awaitQuiet(decode);
                        long ahead = decoder.decodes() - samplesConsumed;
                        Report report = new Report(images, batch.epoch(),
                                (images - imagesAtLastReport) / (interval / 1e9), heapAfterFullGc(), ahead);
                        reports.add(report);
                        onReport.accept(report);
                        imagesAtLastReport = images;
                        nextReport = nextReport(images, settings.reportEvery(), settings.images());
                        start = System.nanoTime();
                    }
                }
            }
            return new Result(reports, images, streamingNanos / 1e9, Runtime.getRuntime().maxMemory(), dataset.size(),
                    dataset.classNames().size(), decoder.toString(), skipped, checksum);
        } finally {
            system.terminate();
            decode.shutdownNow();
            try {
                system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (InterruptedException | ExecutionException | TimeoutException e) {
                // A slow shutdown only delays the process exit.
            }
        }
    }

    private static double sum(float[] values) {
        double total = 0;
        for (float value : values) {
            total += value;
        }
        return total;
    }

    private static MicroBatch next(PrefetchingSliceSource slices, long step, int batch) {
        try {
            return slices.slice(step, 0, batch).toCompletableFuture().get(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the training stream ran.", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("The training stream failed: " + e.getCause(), e);
        }
    }

    /** Waits until the decoders have stood still for {@link #QUIET_MILLIS}. */
    private static void awaitQuiet(ThreadPoolExecutor decode) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(QUIET_LIMIT_MILLIS);
        long finished = -1;
        while (System.nanoTime() < deadline) {
            long now = decode.getCompletedTaskCount();
            if (now == finished && decode.getActiveCount() == 0 && decode.getQueue().isEmpty()) {
                return;
            }
            finished = now;
            try {
                Thread.sleep(QUIET_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the decoders to stop.", e);
            }
        }
        throw new IllegalStateException("The decoders kept working for " + QUIET_LIMIT_MILLIS / 1000
                + " s while nothing was pulled: backpressure does not reach them.");
    }

    /** Heap used right after a full GC; refused where {@code System.gc()} collects nothing (-XX:+DisableExplicitGC). */
    private static long heapAfterFullGc() {
        long collections = collections();
        System.gc();
        if (collections() == collections) {
            throw new IllegalStateException("System.gc() ran no collection (is -XX:+DisableExplicitGC set?), so the "
                    + "heap after GC cannot be measured.");
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long collections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "bench-stream-decode-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
