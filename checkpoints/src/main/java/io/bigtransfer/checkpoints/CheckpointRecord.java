package io.bigtransfer.checkpoints;

import io.bigtransfer.backend.NamedBuffers;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to resume a training run exactly, or to use its model on its own.
 *
 * <p>The parameter and momentum arrays are not copied (they can be gigabytes): callers hand over
 * a version nobody writes to any more, as the coordinator does with versioned parameters.
 *
 * @param model             the architecture the parameters belong to
 * @param classNames        the name of each output class, in head order
 * @param normalization     the pixel normalization the parameters were trained with
 * @param resolution        the training input resolution (square side in pixels)
 * @param parameters        model parameters under their official BiT names
 * @param momentum          the SGD momentum buffer, same names and shapes as the parameters
 * @param step              optimizer steps taken
 * @param cursor            where the data stream resumes
 * @param learningRateScale a live multiplier of the scheduled learning rate (1.0 unless an operator changed it)
 * @param resolvedConfig    the run's fully resolved configuration as HOCON text
 * @param metrics           the last evaluation's metrics, in the order they were reported
 */
public record CheckpointRecord(
        ModelDescription model,
        List<String> classNames,
        PixelNormalization normalization,
        int resolution,
        NamedBuffers parameters,
        NamedBuffers momentum,
        long step,
        DataCursor cursor,
        double learningRateScale,
        String resolvedConfig,
        Map<String, Double> metrics) {

    public CheckpointRecord {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(normalization, "normalization");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(momentum, "momentum");
        Objects.requireNonNull(cursor, "cursor");
        Objects.requireNonNull(resolvedConfig, "resolvedConfig");
        classNames = List.copyOf(classNames);
        if (classNames.size() != model.classes()) {
            throw new IllegalArgumentException("the model has " + model.classes() + " classes but "
                    + classNames.size() + " class names were given");
        }
        if (resolution <= 0) {
            throw new IllegalArgumentException("resolution must be positive, not " + resolution);
        }
        if (step < 0) {
            throw new IllegalArgumentException("step cannot be negative: " + step);
        }
        if (!(learningRateScale >= 0) || Double.isInfinite(learningRateScale)) {
            throw new IllegalArgumentException("learning-rate scale must be a finite number >= 0, not "
                    + learningRateScale);
        }
        parameters.requireSameLayout(momentum);
        metrics = copyInOrder(metrics);
    }

    // Map.copyOf would lose the reporting order, which reports and dashboards show.
    private static Map<String, Double> copyInOrder(Map<String, Double> metrics) {
        Map<String, Double> copy = new LinkedHashMap<>();
        metrics.forEach((name, value) -> copy.put(Objects.requireNonNull(name, "metric name"),
                Objects.requireNonNull(value, () -> "value of metric " + name)));
        return Collections.unmodifiableMap(copy);
    }
}
