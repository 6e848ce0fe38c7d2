package io.bigtransfer.actors.cli;

import com.typesafe.config.Config;
import io.bigtransfer.actors.bench.PeakMemory;
import io.bigtransfer.actors.bench.TrainStepBenchmark;
import io.bigtransfer.backend.NativeBackend;
import io.bigtransfer.config.BackendSettings;
import io.bigtransfer.config.BitConfig;
import io.bigtransfer.config.ModelSettings;
import io.bigtransfer.config.SettingsException;
import io.bigtransfer.model.ModelFlops;
import io.bigtransfer.model.ModelSpec;
import io.bigtransfer.model.Variants;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code bit bench train [--model NAME] [--resolution R] [--batch B] [--steps N] [--warmup W] [key=value ...]}:
 * images/s, GFLOP/s and peak RSS of the full training step with a 1000-class head; the last line is JSON.
 */
final class BenchCommand {
    private static final int CLASSES = 1000;

    private BenchCommand() {
    }

    private static final Set<String> OPTIONS = Set.of("--model", "--resolution", "--batch", "--steps", "--warmup");

    static int run(List<String> args, PrintStream out) {
        if (args.isEmpty() || !args.get(0).equals("train")) {
            throw new UsageException("bench needs a benchmark name; this build has: bench train.");
        }
        Arguments arguments = Arguments.parse(args.subList(1, args.size()), OPTIONS, Set.of());
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
        out.printf(Locale.ROOT, "{\"bench\":\"train\",\"model\":\"%s\",\"resolution\":%d,\"batch\":%d,\"steps\":%d,"
                        + "\"threads\":%d,\"step_s\":%.6f,\"img_s\":%.3f,\"gflop_s\":%.2f,\"peak_rss_mb\":%s}%n",
                model, resolution, batch, steps, backend.threads(), mean,
                imagesPerSecond, gflops, rss);
        return 0;
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
