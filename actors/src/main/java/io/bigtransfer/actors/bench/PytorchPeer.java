package io.bigtransfer.actors.bench;

import io.bigtransfer.backend.NamedBuffer;
import io.bigtransfer.backend.NamedBuffers;
import io.bigtransfer.backend.ParameterVersion;
import io.bigtransfer.model.BitNpz;
import io.bigtransfer.model.GradientEngine;
import io.bigtransfer.model.GradientEngines;
import io.bigtransfer.model.ImageBatch;
import io.bigtransfer.model.ModelSpec;
import io.bigtransfer.model.NpyFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Runs the PyTorch peer ({@code bench/peers/pytorch_train_step.py}) on the same model: the engine
 * writes its starting weights as an official {@code .npz}, an NCHW input and its own logits for it;
 * the peer loads the weights, reports how far its logits are from ours, then times its own
 * training step. The peer runs after the engine's timing, never beside it.
 */
public final class PytorchPeer {
    private static final int CHECK_IMAGES = 2;

    /**
     * The peer's images/s, the largest difference between its logits and the engine's, and how far
     * each side's float32 logits are from the same function in float64 (computed by the peer).
     */
    public record Result(double imagesPerSecond, double maxAbsLogitDiff, double engineErrorF64, double peerErrorF64,
                         String json) {
    }

    private PytorchPeer() {
    }

    /**
     * @param python the interpreter (with PyTorch)
     * @param script the peer script
     * @param output hears the peer's stderr and stdout lines
     */
    public static Result run(String python, Path script, ModelSpec spec, NamedBuffers startingWeights, int resolution,
                             int batch, int warmup, int steps, int threads, Consumer<String> output) {
        NamedBuffers weights = withRandomHead(startingWeights);
        Path work = null;
        try {
            work = Files.createTempDirectory("bit-peer");
            Path npz = work.resolve("weights.npz");
            BitNpz.write(npz, weights);
            float[] nchw = randomImages(resolution);
            NpyFiles.write(work.resolve("input.npy"), new int[] {CHECK_IMAGES, 3, resolution, resolution}, nchw);
            NpyFiles.write(work.resolve("logits.npy"), new int[] {CHECK_IMAGES, spec.classes()},
                    engineLogits(spec, weights, nchw, resolution));
            List<String> command = List.of(python, script.toString(), "--weights", npz.toString(),
                    "--groups", Integer.toString(spec.groups()), "--input", work.resolve("input.npy").toString(),
                    "--expect", work.resolve("logits.npy").toString(), "--resolution", Integer.toString(resolution),
                    "--batch", Integer.toString(batch), "--steps", Integer.toString(steps),
                    "--warmup", Integer.toString(warmup), "--threads", Integer.toString(threads));
            return parse(PeerProcess.lastLine("the PyTorch peer", command, output));
        } catch (IOException e) {
            throw new UncheckedIOException("the PyTorch peer could not run: " + e.getMessage(), e);
        } finally {
            deleteQuietly(work);
        }
    }

    /**
     * A zero head (He initialization's) would make every logit 0 on both sides and the comparison
     * vacuous: the head gets random values, so the logits carry the whole body's output.
     */
    private static NamedBuffers withRandomHead(NamedBuffers weights) {
        SplittableRandom random = new SplittableRandom(13);
        List<NamedBuffer> buffers = new ArrayList<>();
        for (NamedBuffer buffer : weights.buffers()) {
            if (!ModelSpec.isHead(buffer.name())) {
                buffers.add(buffer);
                continue;
            }
            float[] values = new float[buffer.data().length];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (random.nextDouble() * 0.2 - 0.1);
            }
            buffers.add(buffer.withData(values));
        }
        return NamedBuffers.of(buffers);
    }

    private static float[] engineLogits(ModelSpec spec, NamedBuffers weights, float[] nchw, int resolution) {
        try (GradientEngine engine = GradientEngines.create(spec, resolution, resolution)) {
            return engine.logits(new ParameterVersion(0, weights),
                    new ImageBatch(toNhwc(nchw, resolution), CHECK_IMAGES, resolution, resolution));
        }
    }

    private static float[] randomImages(int resolution) {
        SplittableRandom random = new SplittableRandom(11);
        float[] values = new float[CHECK_IMAGES * 3 * resolution * resolution];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return values;
    }

    private static float[] toNhwc(float[] nchw, int size) {
        float[] nhwc = new float[nchw.length];
        for (int n = 0; n < CHECK_IMAGES; n++) {
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < size * size; i++) {
                    nhwc[(n * size * size + i) * 3 + c] = nchw[(n * 3 + c) * size * size + i];
                }
            }
        }
        return nhwc;
    }

    private static Result parse(String json) {
        double imagesPerSecond = PeerProcess.number(json, "img_s").orElse(Double.NaN);
        double diff = PeerProcess.number(json, "max_abs_logit_diff").orElse(Double.NaN);
        double engineError = PeerProcess.number(json, "engine_logit_error_f64").orElse(Double.NaN);
        double peerError = PeerProcess.number(json, "peer_logit_error_f64").orElse(Double.NaN);
        if (Double.isNaN(imagesPerSecond) || Double.isNaN(diff) || Double.isNaN(engineError)
                || Double.isNaN(peerError)) {
            throw new IllegalStateException("the PyTorch peer's last line is not its result: " + json);
        }
        return new Result(imagesPerSecond, diff, engineError, peerError, json);
    }

    private static void deleteQuietly(Path folder) {
        if (folder == null) {
            return;
        }
        try (var files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            // A leftover temporary folder is harmless.
        }
    }
}
