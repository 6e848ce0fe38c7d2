package io.bigtransfer.actors.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bigtransfer.actors.daemon.JobStore;
import io.bigtransfer.config.DashboardSettings;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job page as headless Chromium (Debian's {@code chromium}) renders it: each chart's line
 * colour must show up as a line across its chart (so the charts were drawn with data), and a page
 * asked for without the token must show the refusal instead. Skipped only where no chromium is
 * installed; CI installs it.
 */
class DashboardChromiumTest {
    private static final int WIDTH = 1200;
    private static final int HEIGHT = 1600;
    /** A line across a chart covers hundreds of pixels; a legend's text in the same colour a few dozen. */
    private static final int MIN_LINE_PIXELS = 150;
    private static final int MIN_LINE_SPAN = 150;
    private static final Map<String, String> LINE_COLOURS = new LinkedHashMap<>();

    static {
        LINE_COLOURS.put("loss", JobCharts.LOSS_COLOUR);
        LINE_COLOURS.put("learning rate", JobCharts.LR_COLOUR);
        LINE_COLOURS.put("top-1", JobCharts.TOP1_COLOUR);
        LINE_COLOURS.put("top-5", JobCharts.TOP5_COLOUR);
        LINE_COLOURS.put("images/s", JobCharts.THROUGHPUT_COLOUR);
    }

    private static ActorTestKit testKit;

    @TempDir
    Path dir;

    @BeforeAll
    static void startActors() {
        testKit = ActorTestKit.create();
    }

    @AfterAll
    static void stopActors() {
        testKit.shutdownTestKit();
    }

    @Test
    void chartsRenderWithDataAndTheRefusalWithoutTheToken() throws Exception {
        Optional<Path> chromium = chromium();
        assumeTrue(chromium.isPresent(), "no chromium on the PATH (Debian: apt-get install chromium)");
        JobStore store = SyntheticJobs.daemonFolder(dir.resolve("daemon"));
        Dashboard dashboard = Dashboard.start(testKit.system(), new DashboardSettings("127.0.0.1", 0), store,
                testKit.spawn(SyntheticJobs.gateway()), SyntheticJobs.TOKEN);
        try {
            String page = dashboard.url() + "jobs/job-0001";

            BufferedImage charts = screenshot(chromium.get(), page + "?token=" + SyntheticJobs.TOKEN, "charts");
            assertEquals(WIDTH, charts.getWidth());
            for (Map.Entry<String, String> line : LINE_COLOURS.entrySet()) {
                Pixels found = Pixels.of(charts, line.getValue());
                assertTrue(found.count() >= MIN_LINE_PIXELS && found.span() >= MIN_LINE_SPAN, "the " + line.getKey()
                        + " chart has no line in " + line.getValue() + ": " + found + " (screenshot kept in " + dir + ")");
            }

            BufferedImage refused = screenshot(chromium.get(), page, "refused");
            for (Map.Entry<String, String> line : LINE_COLOURS.entrySet()) {
                assertEquals(0, Pixels.of(refused, line.getValue()).count(), line.getKey() + " drawn without a token");
            }
            assertTrue(Pixels.dark(refused) > 200, "the refusal's text is on the page");
            String dom = chromium(chromium.get(), "dom", "--dump-dom", page);
            assertTrue(dom.contains(Html.escape(Authentication.REFUSAL)) || dom.contains(Authentication.REFUSAL), dom);
        } finally {
            dashboard.stop();
        }
    }

    private BufferedImage screenshot(Path chromium, String url, String name) throws Exception {
        Path png = dir.resolve(name + ".png");
        chromium(chromium, name, "--screenshot=" + png, "--window-size=" + WIDTH + "," + HEIGHT, url);
        assertTrue(Files.size(png) > 0, "chromium wrote no screenshot " + png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(HEIGHT, image.getHeight());
        return image;
    }

    /** Runs chromium headless on its own profile and returns its standard output. */
    private String chromium(Path chromium, String name, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars", "--no-first-run",
                "--user-data-dir=" + dir.resolve("profile-" + name)));
        command.addAll(Arrays.asList(arguments));
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish within 120 s: " + Files.readString(err));
        }
        assertEquals(0, process.exitValue(), "chromium failed: " + Files.readString(err));
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static Optional<Path> chromium() {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path candidate = Path.of(folder, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** Where a colour shows in an image, within a small tolerance for anti-aliasing. */
    private record Pixels(int count, int minX, int maxX, int minY, int maxY) {
        private static final int TOLERANCE = 40;

        static Pixels of(BufferedImage image, String hexColour) {
            int wanted = Integer.parseInt(hexColour.substring(1), 16);
            int count = 0;
            int minX = Integer.MAX_VALUE;
            int maxX = -1;
            int minY = Integer.MAX_VALUE;
            int maxY = -1;
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    if (close(image.getRGB(x, y), wanted)) {
                        count++;
                        minX = Math.min(minX, x);
                        maxX = Math.max(maxX, x);
                        minY = Math.min(minY, y);
                        maxY = Math.max(maxY, y);
                    }
                }
            }
            return new Pixels(count, minX, maxX, minY, maxY);
        }

        static int dark(BufferedImage image) {
            int dark = 0;
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    int rgb = image.getRGB(x, y);
                    if (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff) < 200) {
                        dark++;
                    }
                }
            }
            return dark;
        }

        int span() {
            return count == 0 ? 0 : maxX - minX + 1;
        }

        private static boolean close(int rgb, int wanted) {
            for (int shift = 0; shift <= 16; shift += 8) {
                if (Math.abs(((rgb >> shift) & 0xff) - ((wanted >> shift) & 0xff)) > TOLERANCE) {
                    return false;
                }
            }
            return true;
        }
    }
}
