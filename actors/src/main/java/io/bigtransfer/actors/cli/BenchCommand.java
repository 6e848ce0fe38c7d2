package io.bigtransfer.actors.cli;

import com.typesafe.config.Config;
import io.bigtransfer.actors.bench.PeakMemory;
import io.bigtransfer.actors.bench.PeerProcess;
import io.bigtransfer.actors.bench.PipelineBenchmark;
import io.bigtransfer.actors.bench.PytorchPeer;
import io.bigtransfer.actors.bench.TorchvisionPeer;
import io.bigtransfer.actors.bench.TrainStepBenchmark;
import io.bigtransfer.backend.NativeBackend;
import io.bigtransfer.config.BackendSettings;
import io.bigtransfer.config.BitConfig;
import io.bigtransfer.config.ModelSettings;
import io.bigtransfer.config.SettingsException;
import io.bigtransfer.model.HeInitializer;
import io.bigtransfer.model.ModelFlops;
import io.bigtransfer.model.ModelSpec;
import io.bigtransfer.model.Variants;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code bit bench train [--model NAME] [--resolution R] [--batch B] [--steps N] [--warmup W] [--peer]
 * [key=value ...]}: images/s, GFLOP/s and peak RSS of the full training step with a 1000-class
 * head; the last line is JSON. {@code --peer} then times the PyTorch peer on the same weights in the
 * same run ({@code bench/peers/pytorch_train_step.py}, Python from {@code BIT_PYTHON} or
 * {@code python3}) and adds its figures under {@code peer_...} keys. {@code bit bench pipeline}: see
 * {@link #runPipeline}.
 */
final class BenchCommand {
    private static final int CLASSES = 1000;
    /** Issue #8: both sides must compute the same function, logits within 1e-4. */
    private static final double PEER_LOGIT_TOLERANCE = 1e-4;

    private BenchCommand() {
    }

    private static final Set<String> OPTIONS = Set.of("--model", "--resolution", "--batch", "--steps", "--warmup");
    /**
     * Batches before the pipeline's timing starts, on both sides: the peer's workers start, and
     * the JIT compiles the hot loops (with 5 it was still compiling in the timed seconds).
     */
    private static final int PIPELINE_WARMUP_BATCHES = 30;
    private static final Set<String> PIPELINE_OPTIONS = Set.of("--data", "--transform", "--threads", "--batch",
            "--resolution", "--warmup", "--seconds", "--batches");
    private static final Set<String> TRANSFORMS = Set.of("upstream", "downstream");

    static int run(List<String> args, PrintStream out) {
        if (!args.isEmpty() && args.get(0).equals("pipeline")) {
            return runPipeline(args.subList(1, args.size()), out);
        }
        if (!args.isEmpty() && args.get(0).equals("allreduce")) {
            return AllReduceBench.run(args.subList(1, args.size()), out);
        }
        if (!args.isEmpty() && args.get(0).equals("stream")) {
            return StreamBench.run(args.subList(1, args.size()), out);
        }
        if (args.isEmpty() || !args.get(0).equals("train")) {
            throw new UsageException("bench needs a benchmark name; this build has: bench train, bench pipeline, "
                    + "bench stream, bench allreduce.");
        }
        Arguments arguments = Arguments.parse(args.subList(1, args.size()), OPTIONS, Set.of("--peer"));
        List<String> overrides = new ArrayList<>(arguments.words());
        // A published variant unless the model is given as bit.model.* settings.
        boolean modelFromSettings = overrides.stream().anyMatch(o -> o.startsWith("bit.model."));
        String model = arguments.option("--model").orElse(modelFromSettings ? "custom" : "BiT-M-R50x1");
        if (!model.equals("custom")) {
            overrides.add(0, "bit.model.name=" + model);
        }
        Config config = BitConfig.load(Optional.empty(), overrides);
        BackendSettings backend = BackendSettings.create(config);
        ModelSpec spec = Variants.spec(ModelSettings.create(config), CLASSES);
        int resolution = arguments.positiveInt("--resolution", 224);
        int batch = arguments.positiveInt("--batch", 8);
        int steps = arguments.positiveInt("--steps", 3);
        int warmup = arguments.positiveInt("--warmup", 2);
        NativeBackend.configure(backend);
        out.printf(Locale.ROOT, "bench train: %s, %dx%d, batch %d, %d warm-up + %d timed steps, %s%n", spec,
                resolution, resolution, batch, warmup, steps, NativeBackend.describe());
        double[] seconds = new TrainStepBenchmark(spec, resolution, batch).run(warmup, steps,
                nanos -> out.printf(Locale.ROOT, "step %.2f s%n", nanos / 1e9));
        double mean = Arrays.stream(seconds).average().orElseThrow();
        double imagesPerSecond = batch / mean;
        double gflops = imagesPerSecond * ModelFlops.trainingFlopsPerImage(spec, resolution, resolution) / 1e9;
        String rss = PeakMemory.peakResidentMegabytes().stream().mapToObj(Long::toString).findFirst().orElse("null");
        String peer = "";
        if (arguments.option("--peer").isPresent()) {
            PytorchPeer.Result result = PytorchPeer.run(System.getenv().getOrDefault("BIT_PYTHON", "python3"),
                    peerScript("pytorch_train_step.py"), spec, HeInitializer.initialize(spec, 0), resolution, batch, warmup, steps,
                    backend.threads(), line -> out.println("peer: " + line));
            if (!(result.maxAbsLogitDiff() <= PEER_LOGIT_TOLERANCE)) {
                out.printf(Locale.ROOT, "warning: the peer's logits differ from ours by %.3g, more than %.0e (against"
                        + " the float64 logits: ours %.3g, the peer's %.3g)%n", result.maxAbsLogitDiff(),
                        PEER_LOGIT_TOLERANCE, result.engineErrorF64(), result.peerErrorF64());
            }
            peer = String.format(Locale.ROOT, ",\"peer\":\"pytorch\",\"peer_img_s\":%.3f,\"peer_max_abs_logit_diff\":%.3g,"
                    + "\"peer_logits_match\":%b,\"logit_error_f64\":%.3g,\"peer_logit_error_f64\":%.3g,"
                    + "\"img_s_over_peer\":%.3f,\"peer_omp_wait_policy\":\"%s\"", result.imagesPerSecond(),
                    result.maxAbsLogitDiff(), result.maxAbsLogitDiff() <= PEER_LOGIT_TOLERANCE, result.engineErrorF64(),
                    result.peerErrorF64(), imagesPerSecond / result.imagesPerSecond(), PeerProcess.peerOmpWaitPolicy());
        }
        out.printf(Locale.ROOT, "{\"bench\":\"train\",\"model\":\"%s\",\"resolution\":%d,\"batch\":%d,\"steps\":%d,"
                        + "\"threads\":%d,\"omp_wait_policy\":\"%s\",\"step_s\":%.6f,\"img_s\":%.3f,\"gflop_s\":%.2f,"
                        + "\"peak_rss_mb\":%s%s}%n",
                model, resolution, batch, steps, backend.threads(), PeerProcess.ompWaitPolicy(System.getenv()), mean,
                imagesPerSecond, gflops, rss, peer);
        return 0;
    }

    /**
     * {@code bench pipeline --data DIR --transform upstream|downstream [--threads N] [--batch 64]
     * [--resolution 224] [--warmup 30] [--seconds S | --batches N] [--peer]}: images/s of the full
     * training input stream (20 s unless told); {@code --peer} then runs the torchvision DataLoader
     * ({@code bench/peers/torchvision_pipeline.py}) on the same files and adds {@code peer_...} keys.
     */
    private static int runPipeline(List<String> args, PrintStream out) {
        Arguments arguments = Arguments.parse(args, PIPELINE_OPTIONS, Set.of("--peer"));
        if (!arguments.words().isEmpty()) {
            throw new UsageException("bench pipeline takes no words, but got '" + arguments.words().get(0) + "'.");
        }
        if (arguments.option("--seconds").isPresent() && arguments.option("--batches").isPresent()) {
            throw new UsageException("bench pipeline takes --seconds or --batches, not both.");
        }
        String transform = arguments.required("--transform");
        if (!TRANSFORMS.contains(transform)) {
            throw new UsageException("--transform must be upstream or downstream, not '" + transform + "'.");
        }
        int resolution = arguments.positiveInt("--resolution", 224);
        long batches = arguments.option("--batches").isPresent() ? arguments.positiveInt("--batches", 1) : Long.MAX_VALUE;
        double seconds = batches != Long.MAX_VALUE ? Double.POSITIVE_INFINITY : arguments.positiveInt("--seconds", 20);
        PipelineBenchmark.Settings settings = new PipelineBenchmark.Settings(Path.of(arguments.required("--data")),
                transform, resolution, arguments.positiveInt("--batch", 64),
                arguments.positiveInt("--threads", Runtime.getRuntime().availableProcessors()),
                arguments.positiveInt("--warmup", PIPELINE_WARMUP_BATCHES), batches, seconds);
        out.printf(Locale.ROOT, "bench pipeline: %s %dx%d, batches of %d, %d decode threads, data %s%n", transform,
                resolution, resolution, settings.batch(), settings.threads(), settings.data());
        PipelineBenchmark.Result result = PipelineBenchmark.run(settings);
        out.printf(Locale.ROOT, "%d images in %d batches in %.2f s, %.2f CPU s (decoder: %s; %d samples in %d"
                + " classes)%n", result.images(), result.batches(), result.seconds(), result.cpuSeconds(),
                result.decoder(), result.samples(), result.classes());
        String peer = "";
        if (arguments.option("--peer").isPresent()) {
            TorchvisionPeer.Result theirs = TorchvisionPeer.run(System.getenv().getOrDefault("BIT_PYTHON", "python3"),
                    peerScript("torchvision_pipeline.py"), settings, line -> out.println("peer: " + line));
            peer = String.format(Locale.ROOT, ",\"peer\":\"torchvision\",\"peer_workers\":%d,\"peer_img_s\":%.1f,"
                    + "\"img_s_over_peer\":%.3f,\"peer_img_per_cpu_s\":%s,\"img_per_cpu_s_over_peer\":%s",
                    TorchvisionPeer.WORKERS, theirs.imagesPerSecond(),
                    result.imagesPerSecond() / theirs.imagesPerSecond(), jsonNumber(theirs.imagesPerCpuSecond(), 1),
                    jsonNumber(result.imagesPerCpuSecond() / theirs.imagesPerCpuSecond(), 3));
        }
        out.printf(Locale.ROOT, "{\"bench\":\"pipeline\",\"transform\":\"%s\",\"resolution\":%d,\"batch\":%d,"
                        + "\"threads\":%d,\"decoder\":\"%s\",\"images\":%d,\"seconds\":%.3f,\"cpu_s\":%.3f,"
                        + "\"skipped\":%d,\"img_per_cpu_s\":%s,\"img_s\":%.1f%s}%n", transform, resolution,
                settings.batch(), settings.threads(), result.decoder(), result.images(), result.seconds(),
                result.cpuSeconds(), result.skipped().total(), jsonNumber(result.imagesPerCpuSecond(), 1),
                result.imagesPerSecond(), peer);
        return 0;
    }

    /** A figure for JSON with {@code digits} decimals: null where it is unknown. */
    private static String jsonNumber(double value, int digits) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%." + digits + "f", value) : "null";
    }

    /** The peer script of this installation ({@code bin/bit} sets {@code bit.home}). */
    private static Path peerScript(String name) {
        Path script = Path.of(System.getProperty("bit.home", "")).toAbsolutePath().resolve("bench/peers/" + name);
        if (!Files.isRegularFile(script)) {
            throw new SettingsException("the peer script " + script + " is missing.");
        }
        return script;
    }
}
