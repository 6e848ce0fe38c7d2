package io.bigtransfer.actors.cli;

import io.bigtransfer.actors.training.EngineThread;
import io.bigtransfer.actors.training.ModelDescriptions;
import io.bigtransfer.backend.NativeBackend;
import io.bigtransfer.backend.ParameterVersion;
import io.bigtransfer.checkpoints.CheckpointRecord;
import io.bigtransfer.checkpoints.LocalCheckpointStore;
import io.bigtransfer.config.BackendSettings;
import io.bigtransfer.config.BitConfig;
import io.bigtransfer.config.ModelSettings;
import io.bigtransfer.config.SettingsException;
import io.bigtransfer.model.BitNpz;
import io.bigtransfer.model.ImageBatch;
import io.bigtransfer.model.ModelSpec;
import io.bigtransfer.model.NpyFiles;
import io.bigtransfer.model.GradientEngine;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * {@code bit predict --weights FILE --npy IN.npy --out OUT.npy [key=value ...]}: float32 logits
 * [N, classes] for preprocessed NCHW inputs of any spatial size. FILE is an official BiT {@code .npz}
 * (its group count from {@code bit.model.groups}) or a checkpoint file or folder.
 */
final class PredictCommand {
    private PredictCommand() {
    }

    static int run(Arguments arguments, PrintStream out) {
        Path weightsFile = Path.of(arguments.required("--weights"));
        if (arguments.option("--npy").isEmpty()) {
            throw new UsageException("predict needs --npy IN.npy --out OUT.npy; image files are not supported yet.");
        }
        Path input = Path.of(arguments.required("--npy"));
        Path output = Path.of(arguments.required("--out"));
        var config = BitConfig.load(Optional.empty(), arguments.words());
        NativeBackend.configure(BackendSettings.create(config));
        BitNpz.Weights weights = load(weightsFile, ModelSettings.create(config).groups());
        NpyFiles.Array nchw = NpyFiles.read(input);
        int[] shape = nchw.shape();
        if (shape.length != 4 || shape[1] != ImageBatch.CHANNELS) {
            throw new SettingsException("--npy " + input + " must hold NCHW images with 3 channels, not shape "
                    + Arrays.toString(shape) + ".");
        }
        ImageBatch images = new ImageBatch(toNhwc(nchw.values(), shape[0], shape[2], shape[3]), shape[0], shape[2], shape[3]);
        ModelSpec spec = weights.spec();
        ExecutorService thread = EngineThread.start("engine-predict");
        try {
            GradientEngine engine = EngineThread.buildEngine(thread, spec, shape[2], shape[3]);
            float[] logits = CompletableFuture.supplyAsync(
                    () -> engine.logits(new ParameterVersion(0, weights.parameters()), images), thread).join();
            thread.execute(engine::close);
            NpyFiles.write(output, new int[] {shape[0], spec.classes()}, logits);
        } finally {
            thread.shutdown();
        }
        out.printf("wrote logits [%d, %d] of %s to %s%n", shape[0], spec.classes(), weightsFile, output);
        return 0;
    }

    private static BitNpz.Weights load(Path file, int groups) {
        if (file.getFileName().toString().endsWith(".npz")) {
            return BitNpz.read(file, groups);
        }
        CheckpointRecord checkpoint = LocalCheckpointStore.load(file);
        return new BitNpz.Weights(ModelDescriptions.spec(checkpoint.model()), checkpoint.parameters());
    }

    private static float[] toNhwc(float[] nchw, int count, int height, int width) {
        int channels = ImageBatch.CHANNELS;
        float[] nhwc = new float[nchw.length];
        for (int n = 0; n < count; n++) {
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        nhwc[((n * height + y) * width + x) * channels + c] = nchw[((n * channels + c) * height + y) * width + x];
                    }
                }
            }
        }
        return nhwc;
    }
}
