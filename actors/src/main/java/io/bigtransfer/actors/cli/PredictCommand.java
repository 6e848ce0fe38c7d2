package io.bigtransfer.actors.cli;

import com.typesafe.config.Config;
import io.bigtransfer.actors.training.EngineThread;
import io.bigtransfer.actors.training.EvaluationJob;
import io.bigtransfer.actors.training.ImagePrediction;
import io.bigtransfer.actors.training.Transforms;
import io.bigtransfer.actors.training.ModelDescriptions;
import io.bigtransfer.backend.NamedBuffers;
import io.bigtransfer.backend.NativeBackend;
import io.bigtransfer.backend.ParameterVersion;
import io.bigtransfer.checkpoints.CheckpointRecord;
import io.bigtransfer.checkpoints.CheckpointLocations;
import io.bigtransfer.config.S3Settings;
import io.bigtransfer.config.BackendSettings;
import io.bigtransfer.config.BitConfig;
import io.bigtransfer.config.DataSettings;
import io.bigtransfer.config.ModelSettings;
import io.bigtransfer.config.Normalization;
import io.bigtransfer.config.SettingsException;
import io.bigtransfer.model.BitNpz;
import io.bigtransfer.model.GradientEngine;
import io.bigtransfer.model.ImageBatch;
import io.bigtransfer.model.ModelSpec;
import io.bigtransfer.model.NpyFiles;
import io.bigtransfer.streams.ImageFiles;
import io.bigtransfer.streams.SkippedInputs;
import io.bigtransfer.streams.Transform;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.stream.IntStream;

/**
 * {@code bit predict --weights FILE (--npy IN.npy --out OUT.npy | IMAGE...) [--labels FILE] [key=value ...]}.
 * FILE is an official BiT {@code .npz} (groups from {@code bit.model.groups}) or a checkpoint.
 * With {@code --npy}: float32 logits [N, classes] of preprocessed NCHW inputs of any size. With
 * images: the top-5 classes of each, preprocessed as for evaluation: a checkpoint's resolution and
 * normalization; for a {@code .npz}, {@code bit.data.resolution} and BiT's [-1, 1] normalization
 * unless {@code bit.data.normalize} is set. Class names come from a checkpoint or {@code --labels}.
 */
final class PredictCommand {
    private static final int TOP = 5;

    /** A model to run and how its inputs are prepared. */
    private record Model(ModelSpec spec, NamedBuffers parameters, List<String> classNames, Transform evaluation,
                         Normalization normalization) {
    }

    private PredictCommand() {
    }

    static int run(Arguments arguments, PrintStream out) {
        String weights = arguments.required("--weights");
        List<String> settings = arguments.words().stream().filter(PredictCommand::isSetting).toList();
        List<Path> images = arguments.words().stream().filter(word -> !isSetting(word)).map(Path::of).toList();
        Config config = BitConfig.load(Optional.empty(), settings);
        NativeBackend.configure(BackendSettings.create(config));
        Model model = load(weights, arguments.option("--labels").map(Path::of), config);
        if (arguments.option("--npy").isPresent()) {
            return predictArray(model, Path.of(arguments.required("--npy")), Path.of(arguments.required("--out")), out);
        }
        if (images.isEmpty()) {
            throw new UsageException("predict needs --npy IN.npy --out OUT.npy or image files; see bit --help.");
        }
        return predictImages(model, images, DataSettings.create(config).decodeThreads(), out);
    }

    private static boolean isSetting(String word) {
        return word.startsWith("bit.") && word.contains("=");
    }

    private static int predictArray(Model model, Path input, Path output, PrintStream out) {
        NpyFiles.Array nchw = NpyFiles.read(input);
        int[] shape = nchw.shape();
        if (shape.length != 4 || shape[1] != ImageBatch.CHANNELS) {
            throw new SettingsException("--npy " + input + " must hold NCHW images with 3 channels, not shape "
                    + Arrays.toString(shape) + ".");
        }
        ImageBatch images = new ImageBatch(toNhwc(nchw.values(), shape[0], shape[2], shape[3]), shape[0], shape[2], shape[3]);
        ExecutorService thread = EngineThread.start("engine-predict");
        try {
            GradientEngine engine = EngineThread.buildEngine(thread, model.spec(), shape[2], shape[3]);
            try {
                float[] logits = CompletableFuture.supplyAsync(
                        () -> engine.logits(new ParameterVersion(0, model.parameters()), images), thread).join();
                NpyFiles.write(output, new int[] {shape[0], model.spec().classes()}, logits);
            } finally {
                thread.execute(engine::close);
            }
        } finally {
            thread.shutdown();
        }
        out.printf(Locale.ROOT, "wrote logits [%d, %d] to %s%n", shape[0], model.spec().classes(), output);
        return 0;
    }

    private static int predictImages(Model model, List<Path> images, int decodeThreads, PrintStream out) {
        SkippedInputs skipped = new SkippedInputs();
        List<ImagePrediction.Prediction> predictions = ImagePrediction.run(model.spec(),
                new ParameterVersion(0, model.parameters()), new ImageFiles(images, model.classNames()),
                model.evaluation(), model.normalization(), decodeThreads, skipped);
        for (ImagePrediction.Prediction prediction : predictions) {
            out.println(images.get(prediction.fileIndex()) + ": " + topClasses(prediction.logits(), model.classNames()));
        }
        if (predictions.isEmpty()) {
            throw new SettingsException("none of the " + images.size() + " images could be read (" + skipped.summary() + ").");
        }
        if (skipped.total() > 0) {
            out.println(skipped.summary());
        }
        return 0;
    }

    private static String topClasses(float[] logits, List<String> names) {
        double max = IntStream.range(0, logits.length).mapToDouble(i -> logits[i]).max().orElseThrow();
        double[] probabilities = IntStream.range(0, logits.length).mapToDouble(i -> Math.exp(logits[i] - max)).toArray();
        double sum = Arrays.stream(probabilities).sum();
        return IntStream.range(0, logits.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -logits[i]))
                .limit(TOP)
                .map(i -> String.format(Locale.ROOT, "%s %.1f%%", names.get(i), 100 * probabilities[i] / sum))
                .reduce((a, b) -> a + ", " + b).orElse("");
    }

    private static Model load(String location, Optional<Path> labels, Config config) {
        if (location.endsWith(".npz")) {
            BitNpz.Weights weights = BitNpz.read(Path.of(location), ModelSettings.create(config).groups());
            Normalization normalization = BitConfig.isSetByUser(config, "bit.data.normalize")
                    ? DataSettings.create(config).normalize() : Normalization.BIT;
            List<String> names = labels.map(path -> readLabels(path, weights.spec().classes()))
                    .orElseGet(() -> IntStream.range(0, weights.spec().classes()).mapToObj(Integer::toString).toList());
            DataSettings data = DataSettings.create(config);
            return new Model(weights.spec(), weights.parameters(), names,
                    Transforms.evaluation(data.transform(), data.resolution()), normalization);
        }
        CheckpointRecord checkpoint = CheckpointLocations.load(location, Path.of(""), S3Settings.create(config));
        Normalization normalization = EvaluationJob.normalizationOf(checkpoint);
        return new Model(ModelDescriptions.spec(checkpoint.model()), checkpoint.parameters(),
                labels.map(path -> readLabels(path, checkpoint.model().classes())).orElse(checkpoint.classNames()),
                Transforms.evaluation(checkpoint), normalization);
    }

    private static List<String> readLabels(Path file, int classes) {
        try {
            List<String> names = Files.readAllLines(file).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
            if (names.size() != classes) {
                throw new SettingsException("--labels " + file + " names " + names.size() + " classes, but the model has "
                        + classes + ".");
            }
            return names;
        } catch (IOException e) {
            throw new SettingsException("--labels " + file + " cannot be read: " + e.getMessage() + ".");
        }
    }

    private static float[] toNhwc(float[] nchw, int count, int height, int width) {
        int channels = ImageBatch.CHANNELS;
        float[] nhwc = new float[nchw.length];
        for (int n = 0; n < count; n++) {
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        nhwc[((n * height + y) * width + x) * channels + c] =
                                nchw[((n * channels + c) * height + y) * width + x];
                    }
                }
            }
        }
        return nhwc;
    }
}
