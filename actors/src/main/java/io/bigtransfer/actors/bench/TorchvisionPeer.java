package io.bigtransfer.actors.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the torchvision peer of {@code bench pipeline} ({@code bench/peers/torchvision_pipeline.py}):
 * a PyTorch DataLoader with {@value #WORKERS} worker processes over the same folder, with the same
 * transform, batch, resolution, warm-up and limit. It runs after the engine's timing, never beside it.
 */
public final class TorchvisionPeer {
    /** The reference: a DataLoader with two workers. */
    public static final int WORKERS = 2;
    private static final Pattern IMAGES_PER_SECOND = Pattern.compile("\"img_s\": ([0-9.eE+-]+)");
    private static final Pattern IMAGES_PER_CPU_SECOND = Pattern.compile("\"img_per_cpu_s\": ([0-9.eE+-]+)");

    /** The peer's images/s, images per CPU second (NaN where unknown) and its whole result line. */
    public record Result(double imagesPerSecond, double imagesPerCpuSecond, String json) {
    }

    private TorchvisionPeer() {
    }

    /**
     * @param python the interpreter (with torch and torchvision)
     * @param output hears the peer's stderr and stdout lines
     */
    public static Result run(String python, Path script, PipelineBenchmark.Settings settings, Consumer<String> output) {
        List<String> command = new ArrayList<>(List.of(python, script.toString(), "--data", settings.data().toString(),
                "--transform", settings.transform(), "--resolution", Integer.toString(settings.resolution()),
                "--batch", Integer.toString(settings.batch()), "--workers", Integer.toString(WORKERS),
                "--warmup", Integer.toString(settings.warmupBatches())));
        if (settings.batches() != Long.MAX_VALUE) {
            command.addAll(List.of("--batches", Long.toString(settings.batches())));
        } else {
            command.addAll(List.of("--seconds", String.format(Locale.ROOT, "%.3f", settings.seconds())));
        }
        String last = execute(command, output);
        Matcher matcher = IMAGES_PER_SECOND.matcher(last);
        if (!matcher.find()) {
            throw new IllegalStateException("the torchvision peer's last line is not its result: " + last);
        }
        Matcher perCpu = IMAGES_PER_CPU_SECOND.matcher(last);
        return new Result(Double.parseDouble(matcher.group(1)),
                perCpu.find() ? Double.parseDouble(perCpu.group(1)) : Double.NaN, last);
    }

    private static String execute(List<String> command, Consumer<String> output) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("the torchvision peer could not start (" + command.get(0)
                    + "; BIT_PYTHON names the interpreter): " + e.getMessage(), e);
        }
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
                output.accept(line);
            }
            int code = process.waitFor();
            if (code != 0 || lines.isEmpty()) {
                throw new IllegalStateException("the torchvision peer exited with " + code + ": "
                        + (lines.isEmpty() ? "no output" : lines.get(lines.size() - 1)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the torchvision peer's output failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the torchvision peer ran", e);
        }
        return lines.get(lines.size() - 1);
    }
}
