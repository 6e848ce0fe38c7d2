package io.bigtransfer.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bit fewshot}: episodes drawn by seed, scored by fine-tuning or by the ridge probe, summarized. */
class FewShotCommandTest {
    @TempDir
    static Path dir;
    private static Path train;
    private static Path eval;
    private static final Pattern EPISODE = Pattern.compile(
            "(?m)^(\\d+)-shot episode (\\d+)/(\\d+) \\(seed (\\d+), (\\d+) images of (\\[[^]]*])\\): top-1 ([0-9.]+)%");

    @BeforeAll
    static void writeData() throws Exception {
        train = TinyImageFolder.write(dir.resolve("train"), 5, 21);
        eval = TinyImageFolder.write(dir.resolve("eval"), 3, 22);
    }

    private static CommandRun bit(String... args) {
        return CommandRun.of(args);
    }

    private static List<String> args(String... extra) {
        List<String> args = new ArrayList<>(List.of("fewshot", "bit.data.train=" + train, "bit.data.eval=" + eval,
                "bit.data.resolution=16", "bit.model.units=[1,1,1,1]", "bit.model.width=0.0625", "bit.model.groups=2",
                "bit.train.hyperrule=cosine", "bit.train.steps=3", "bit.train.batch=4", "bit.train.seed=7"));
        args.addAll(List.of(extra));
        return args;
    }

    private static List<String[]> episodes(String output) {
        List<String[]> episodes = new ArrayList<>();
        Matcher matcher = EPISODE.matcher(output);
        while (matcher.find()) {
            String[] groups = new String[7];
            for (int g = 1; g <= 7; g++) {
                groups[g - 1] = matcher.group(g);
            }
            episodes.add(groups);
        }
        return episodes;
    }

    @Test
    void fineTuningAndTheProbeScoreTheSameEpisodes() {
        CommandRun fineTuned = bit(args("--shots", "1,2", "--episodes", "2", "--ways", "2").toArray(String[]::new));
        assertEquals(0, fineTuned.exitCode(), fineTuned.err());
        CommandRun probed = bit(args("--shots", "1,2", "--episodes", "2", "--ways", "2", "--linear-probe")
                .toArray(String[]::new));
        assertEquals(0, probed.exitCode(), probed.err());
        List<String[]> tuned = episodes(fineTuned.out());
        List<String[]> probes = episodes(probed.out());
        assertEquals(4, tuned.size(), fineTuned.out());
        assertEquals(4, probes.size(), probed.out());
        for (int i = 0; i < 4; i++) {
            String[] episode = tuned.get(i);
            int shots = Integer.parseInt(episode[0]);
            assertEquals(i < 2 ? 1 : 2, shots);
            assertEquals(7 + i % 2, Integer.parseInt(episode[3]), "episode e uses seed bit.train.seed + e");
            assertEquals(2 * shots, Integer.parseInt(episode[4]), "ways x shots training images");
            assertEquals(episode[5], probes.get(i)[5], "both modes draw the same classes for the same seed");
            assertEquals(2, episode[5].split(",").length);
        }
        assertTrue(fineTuned.out().strip().endsWith("]}"), fineTuned.out());
        assertTrue(fineTuned.out().contains("{\"mode\":\"fine-tune\",\"ways\":2,\"results\":[{\"shots\":1,"), fineTuned.out());
        assertTrue(probed.out().contains("{\"mode\":\"linear-probe\",\"ways\":2,"), probed.out());
    }

    @Test
    void theSummaryIsTheMeanAndSampleSpreadOfTheEpisodes() {
        CommandRun result = bit(args("--shots", "2", "--episodes", "3", "--linear-probe").toArray(String[]::new));
        assertEquals(0, result.exitCode(), result.err());
        List<Double> top1 = episodes(result.out()).stream().map(e -> Double.parseDouble(e[6])).toList();
        assertEquals(3, top1.size());
        double mean = top1.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double std = Math.sqrt(top1.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum() / 2);
        Matcher summary = Pattern.compile("(?m)^2-shot: top-1 ([0-9.]+)% \\+- ([0-9.]+) \\(mean \\+- sample std over 3 episodes\\)")
                .matcher(result.out());
        assertTrue(summary.find(), result.out());
        assertEquals(mean, Double.parseDouble(summary.group(1)), 0.06);
        assertEquals(std, Double.parseDouble(summary.group(2)), 0.06);
    }

    @Test
    void episodesAreNotCheckpointedAndWaysMustExist() {
        CommandRun checkpointed = bit(args("--shots", "1", "bit.checkpoint.dir=" + dir.resolve("ck")).toArray(String[]::new));
        assertEquals(1, checkpointed.exitCode());
        assertTrue(checkpointed.err().startsWith("error: bit.checkpoint.dir must not be set for few-shot episodes"),
                checkpointed.err());
        CommandRun tooMany = bit(args("--shots", "1", "--ways", "4").toArray(String[]::new));
        assertEquals(2, tooMany.exitCode());
        assertEquals("error: --ways 4 exceeds the 3 classes of bit.data.train.\n", tooMany.err());
        CommandRun tooFew = bit(args("--shots", "6").toArray(String[]::new));
        assertEquals(1, tooFew.exitCode());
        assertTrue(tooFew.err().contains("fewer than the 6 per class asked for"), tooFew.err());
    }
}
