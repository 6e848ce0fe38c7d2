package io.bigtransfer.actors.bench;

import io.bigtransfer.actors.training.PrefetchingSliceSource;
import io.bigtransfer.config.Normalization;
import io.bigtransfer.streams.Dataset;
import io.bigtransfer.streams.DownstreamTrain;
import io.bigtransfer.streams.FolderDataset;
import io.bigtransfer.streams.ImageDecoder;
import io.bigtransfer.streams.ImagePipeline;
import io.bigtransfer.streams.MicroBatch;
import io.bigtransfer.streams.SkippedInputs;
import io.bigtransfer.streams.TrainingRanges;
import io.bigtransfer.streams.Transform;
import io.bigtransfer.streams.UpstreamTrain;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Times the full training input stream of one worker, as training runs it: list the folder, read,
 * check, decode ({@link ImageDecoder#fastest()}), crop/resize/flip, normalize and batch into float32
 * NHWC batches ({@link TrainingRanges} read through a worker's {@link PrefetchingSliceSource}, with
 * the given transform, ImageNet normalization), one whole batch per step. Decoding runs on
 * {@code threads} threads, one lane of each batch per thread as in a training job; the streams' own
 * stages on Pekko's dispatcher. After {@code warmupBatches} (JIT, first reads), it counts the images
 * of the batches that arrive within {@code seconds} or the next {@code batches} batches, whichever
 * ends first.
 */
public final class PipelineBenchmark {
    private static final long SEED = 1;

    /** What to time; {@code batches} or {@code seconds} may be unbounded (Long.MAX_VALUE, infinity). */
    public record Settings(Path data, String transform, int resolution, int batch, int threads, int warmupBatches,
                           long batches, double seconds) {
    }

    /**
     * Images of the timed batches (skipped inputs left out), over their seconds; {@code cpuSeconds}
     * is the CPU time this process used meanwhile (all its threads, GC included).
     */
    public record Result(long images, long batches, double seconds, double cpuSeconds, long samples, int classes,
                         String decoder, SkippedInputs skipped) {
        public double imagesPerSecond() {
            return images / seconds;
        }

        /** Images per CPU second: a figure that a machine shared with other work changes less. */
        public double imagesPerCpuSecond() {
            return images / cpuSeconds;
        }
    }

    private PipelineBenchmark() {
    }

    /** The transform named on the command line. */
    public static Transform transform(String name, int resolution) {
        return switch (name) {
            case "upstream" -> new UpstreamTrain(resolution);
            case "downstream" -> new DownstreamTrain(resolution);
            default -> throw new IllegalArgumentException("--transform must be upstream or downstream, not '" + name
                    + "'.");
        };
    }

    public static Result run(Settings settings) {
        Transform transform = transform(settings.transform(), settings.resolution());
        Dataset dataset = FolderDataset.open(settings.data());
        ImageDecoder decoder = ImageDecoder.fastest();
        SkippedInputs skipped = new SkippedInputs();
        ExecutorService decode = Executors.newFixedThreadPool(settings.threads(), daemonThreads());
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "bit-bench-pipeline");
        try {
            ImagePipeline pipeline = new ImagePipeline(transform, Normalization.IMAGENET, decoder,
                    settings.threads(), decode, skipped);
            TrainingRanges ranges = new TrainingRanges(dataset, SEED, settings.batch(), pipeline, 0);
            try (PrefetchingSliceSource slices = new PrefetchingSliceSource(ranges, system, PrefetchingSliceSource.DEPTH)) {
                long step = 0;
                for (int i = 0; i < settings.warmupBatches(); i++) {
                    next(slices, step++, settings.batch());
                }
                long images = 0;
                long batches = 0;
                long cpuStart = processCpuNanos();
                long start = System.nanoTime();
                long limit = start + (long) Math.min(settings.seconds() * 1e9, Long.MAX_VALUE / 2.0);
                while (batches < settings.batches() && System.nanoTime() < limit) {
                    images += next(slices, step++, settings.batch()).count();
                    batches++;
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
                return new Result(images, batches, seconds, cpuSeconds, dataset.size(), dataset.classNames().size(),
                        decoder.toString(), skipped);
            }
        } finally {
            system.terminate();
            decode.shutdownNow();
            awaitQuietly(system);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static MicroBatch next(PrefetchingSliceSource slices, long step, int batch) {
        try {
            return slices.slice(step, 0, batch).toCompletableFuture().get(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the pipeline ran", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the training stream failed: " + e.getCause(), e);
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "bench-decode-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The peer must not share the machine with this stream's last threads. */
    private static void awaitQuietly(ActorSystem<Void> system) {
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // A slow shutdown only delays the process exit.
        }
    }
}
