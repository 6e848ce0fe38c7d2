package io.bigtransfer.actors.training;

import io.bigtransfer.backend.NamedBuffer;
import io.bigtransfer.backend.NamedBuffers;
import io.bigtransfer.checkpoints.CheckpointException;
import io.bigtransfer.checkpoints.CheckpointRecord;
import io.bigtransfer.checkpoints.CheckpointLocations;
import io.bigtransfer.config.S3Settings;
import io.bigtransfer.streams.s3.S3Uri;
import io.bigtransfer.config.SettingsException;
import io.bigtransfer.model.BitNpz;
import io.bigtransfer.model.ModelSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Weights a job starts from ({@code bit.model.init}): an official BiT {@code .npz} or a checkpoint.
 * The body is taken as it is; the head becomes a zero head of the job's class count, BiT's
 * fine-tuning head, for a {@code .npz} always and for a checkpoint unless it was trained on exactly
 * the job's classes.
 */
public record InitialWeights(ModelSpec spec, NamedBuffers parameters) {

    /** Whether {@code location} names an official {@code .npz} rather than a checkpoint. */
    static boolean isNpz(String location) {
        return location.endsWith(".npz");
    }

    /**
     * @param groups     the group count of a {@code .npz} model (the format does not record it)
     * @param classNames the job's classes: a checkpoint trained on exactly these keeps its head
     */
    static InitialWeights load(String location, Path baseDirectory, int groups, List<String> classNames,
                               S3Settings s3) {
        boolean inS3 = S3Uri.isS3(location);
        if (isNpz(location)) {
            if (inS3) {
                throw new SettingsException("bit.model.init = " + location + ": official .npz weights are read from"
                        + " a local file; copy it here first.");
            }
            Path path = CheckpointLocations.localPath(location, baseDirectory);
            if (!Files.exists(path)) {
                throw new SettingsException("bit.model.init = " + location + ": no such file or folder.");
            }
            BitNpz.Weights weights = BitNpz.read(path, groups);
            return withZeroHead(weights.spec().withClasses(classNames.size()), weights.parameters());
        }
        if (!inS3 && !Files.exists(CheckpointLocations.localPath(location, baseDirectory))) {
            throw new SettingsException("bit.model.init = " + location + ": no such file or folder.");
        }
        CheckpointRecord checkpoint;
        try {
            checkpoint = CheckpointLocations.load(location, baseDirectory, s3);
        } catch (CheckpointException e) {
            throw new SettingsException("bit.model.init = " + location + " is neither a .npz file nor a checkpoint: "
                    + e.getMessage() + ".");
        }
        ModelSpec spec = ModelDescriptions.spec(checkpoint.model());
        return checkpoint.classNames().equals(classNames) ? new InitialWeights(spec, checkpoint.parameters())
                : withZeroHead(spec.withClasses(classNames.size()), checkpoint.parameters());
    }

    private static InitialWeights withZeroHead(ModelSpec spec, NamedBuffers body) {
        List<NamedBuffer> parameters = new ArrayList<>();
        spec.parameterShapes().forEach((name, shape) -> parameters.add(name.startsWith("resnet/head/")
                ? new NamedBuffer(name, shape, new float[(int) NamedBuffer.elementCount(shape)])
                : body.get(name)));
        return new InitialWeights(spec, NamedBuffers.of(parameters));
    }
}
