package io.bigtransfer.actors.cli;

import com.typesafe.config.Config;
import io.bigtransfer.actors.training.FewShot;
import io.bigtransfer.backend.NativeBackend;
import io.bigtransfer.config.BackendSettings;
import io.bigtransfer.config.BitConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * {@code bit fewshot --shots K[,K...] [--episodes E] [--ways N] [--linear-probe] [--l2 L]
 * [--config FILE] [key=value ...]}: few-shot top-1 of the model the settings describe (usually
 * {@code bit.model.init}; without it, a network trained from scratch) over E episodes per shot
 * count, as the mean and the sample standard deviation. The last line is one JSON object.
 */
final class FewShotCommand {
    private static final double DEFAULT_L2 = 1024;

    private FewShotCommand() {
    }

    static int run(Arguments arguments, PrintStream out) {
        List<Integer> shotCounts = positiveList("--shots", arguments.required("--shots"));
        int episodes = arguments.positiveInt("--episodes", 3);
        int ways = arguments.positiveInt("--ways", 0);
        double l2 = arguments.option("--l2").map(FewShotCommand::l2).orElse(DEFAULT_L2);
        FewShot.Mode mode = arguments.option("--linear-probe").isPresent() ? FewShot.Mode.LINEAR_PROBE
                : FewShot.Mode.FINE_TUNE;
        Config config = BitConfig.load(arguments.option("--config").map(Path::of), arguments.words());
        // The linear probe extracts features without a training job, which would otherwise select the device.
        NativeBackend.select(BackendSettings.create(config).device());
        try (FewShot fewShot = FewShot.prepare(config, Path.of("").toAbsolutePath())) {
            return run(fewShot, mode, shotCounts, episodes, ways, l2, out);
        }
    }

    private static int run(FewShot fewShot, FewShot.Mode mode, List<Integer> shotCounts, int episodes, int ways,
                           double l2, PrintStream out) {
        if (ways > fewShot.classCount()) {
            throw new UsageException("--ways " + ways + " exceeds the " + fewShot.classCount() + " classes of bit.data.train.");
        }
        StringJoiner json = new StringJoiner(",", "{\"mode\":\"" + modeName(mode) + "\",\"ways\":" + (ways == 0
                ? fewShot.classCount() : ways) + ",\"results\":[", "]}");
        for (int shots : shotCounts) {
            List<Double> top1 = new ArrayList<>();
            StringJoiner perEpisode = new StringJoiner(",", "[", "]");
            for (int index = 0; index < episodes; index++) {
                FewShot.Episode episode = fewShot.run(mode, shots, ways, index, l2, event -> { });
                top1.add(episode.top1());
                perEpisode.add(String.format(Locale.ROOT, "%.4f", episode.top1()));
                out.printf(Locale.ROOT, "%d-shot episode %d/%d (seed %d, %d images of %s): top-1 %.1f%% in %.0f s%n",
                        shots, index + 1, episodes, episode.seed(), episode.trainImages(), episode.classes(),
                        100 * episode.top1(), episode.seconds());
            }
            double mean = top1.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            double std = sampleStd(top1, mean);
            out.printf(Locale.ROOT, "%d-shot: top-1 %.1f%% +- %.1f (mean +- sample std over %d episodes)%n",
                    shots, 100 * mean, 100 * std, episodes);
            json.add(String.format(Locale.ROOT, "{\"shots\":%d,\"top1_mean\":%.4f,\"top1_std\":%.4f,\"top1\":%s}",
                    shots, mean, std, perEpisode));
        }
        out.println(json);
        return 0;
    }

    private static String modeName(FewShot.Mode mode) {
        return mode == FewShot.Mode.FINE_TUNE ? "fine-tune" : "linear-probe";
    }

    private static double sampleStd(List<Double> values, double mean) {
        if (values.size() < 2) {
            return 0;
        }
        double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        return Math.sqrt(squares / (values.size() - 1));
    }

    private static List<Integer> positiveList(String option, String text) {
        List<Integer> values = new ArrayList<>();
        for (String part : text.split(",")) {
            values.add(Arguments.positiveInt(option, part.strip()));
        }
        return values;
    }

    private static double l2(String text) {
        try {
            double value = Double.parseDouble(text);
            if (value > 0 && Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new UsageException("--l2 must be a positive number, but is '" + text + "'.");
    }
}
