package io.bigtransfer.actors.cli;

import com.typesafe.config.Config;
import io.bigtransfer.actors.bench.PeakMemory;
import io.bigtransfer.actors.bench.PytorchPeer;
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
 * {@code python3}) and adds its figures under {@code peer_...} keys.
 */
final class BenchCommand {
    private static final int CLASSES = 1000;
    /** Issue #8: both sides must compute the same function, logits within 1e-4. */
    private static final double PEER_LOGIT_TOLERANCE = 1e-4;

    private BenchCommand() {
    }

    private static final Set<String> OPTIONS = Set.of("--model", "--resolution", "--batch", "--steps", "--warmup");

    static int run(List<String> args, PrintStream out) {
        if (args.isEmpty() || !args.get(0).equals("train")) {
            throw new UsageException("bench needs a benchmark name; this build has: bench train.");
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
        int resolution = positive(arguments, "--resolution", 224);
        int batch = positive(arguments, "--batch", 8);
        int steps = positive(arguments, "--steps", 3);
        int warmup = positive(arguments, "--warmup", 2);
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
                    peerScript(), spec, HeInitializer.initialize(spec, 0), resolution, batch, warmup, steps,
                    backend.threads(), line -> out.println("peer: " + line));
            if (!(result.maxAbsLogitDiff() <= PEER_LOGIT_TOLERANCE)) {
                out.printf(Locale.ROOT, "warning: the peer's logits differ from ours by %.3g, more than %.0e: the two"
                        + " sides do not compute the same function%n", result.maxAbsLogitDiff(), PEER_LOGIT_TOLERANCE);
            }
            peer = String.format(Locale.ROOT, ",\"peer\":\"pytorch\",\"peer_img_s\":%.3f,\"peer_max_abs_logit_diff\":%.3g,"
                    + "\"peer_logits_match\":%b,\"img_s_over_peer\":%.3f", result.imagesPerSecond(),
                    result.maxAbsLogitDiff(), result.maxAbsLogitDiff() <= PEER_LOGIT_TOLERANCE,
                    imagesPerSecond / result.imagesPerSecond());
        }
        out.printf(Locale.ROOT, "{\"bench\":\"train\",\"model\":\"%s\",\"resolution\":%d,\"batch\":%d,\"steps\":%d,"
                        + "\"threads\":%d,\"step_s\":%.6f,\"img_s\":%.3f,\"gflop_s\":%.2f,\"peak_rss_mb\":%s%s}%n",
                model, resolution, batch, steps, backend.threads(), mean,
                imagesPerSecond, gflops, rss, peer);
        return 0;
    }

    /** The peer script of this installation ({@code bin/bit} sets {@code bit.home}). */
    private static Path peerScript() {
        Path script = Path.of(System.getProperty("bit.home", "")).toAbsolutePath().resolve("bench/peers/pytorch_train_step.py");
        if (!Files.isRegularFile(script)) {
            throw new SettingsException("the PyTorch peer script " + script + " is missing.");
        }
        return script;
    }

    private static int positive(Arguments arguments, String name, int fallback) {
        String text = arguments.option(name).orElse(null);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Refused below with the same sentence as a non-positive number.
        }
        throw new SettingsException("option " + name + " must be a positive whole number, but is '" + text + "'.");
    }
}
