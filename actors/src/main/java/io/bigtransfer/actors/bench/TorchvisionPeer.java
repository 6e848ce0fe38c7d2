package io.bigtransfer.actors.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Runs the torchvision peer of {@code bench pipeline} ({@code bench/peers/torchvision_pipeline.py}):
 * a PyTorch DataLoader with {@value #WORKERS} worker processes over the same folder, with the same
 * transform, batch, resolution, warm-up and limit. It runs after the engine's timing, never beside it.
 */
public final class TorchvisionPeer {
    /** The reference: a DataLoader with two workers. */
    public static final int WORKERS = 2;

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
        String last = PeerProcess.lastLine("the torchvision peer", command, output);
        double imagesPerSecond = PeerProcess.number(last, "img_s").orElseThrow(() ->
                new IllegalStateException("the torchvision peer's last line is not its result: " + last));
        return new Result(imagesPerSecond, PeerProcess.number(last, "img_per_cpu_s").orElse(Double.NaN), last);
    }
}
