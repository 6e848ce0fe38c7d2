package io.bigtransfer.actors.training;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.bigtransfer.checkpoints.CheckpointRecord;
import io.bigtransfer.config.DataTransform;
import io.bigtransfer.streams.DownstreamEval;
import io.bigtransfer.streams.DownstreamTrain;
import io.bigtransfer.streams.OfficialEval;
import io.bigtransfer.streams.OfficialTrain;
import io.bigtransfer.streams.Transform;
import io.bigtransfer.streams.UpstreamTrain;
import java.util.Locale;

/** The stream transforms that {@code bit.data.transform} and {@code bit.data.resolution} name. */
public final class Transforms {
    private static final String TRANSFORM_KEY = "bit.data.transform";

    private Transforms() {
    }

    public static Transform training(DataTransform transform, int resolution) {
        return switch (transform) {
            case UPSTREAM -> new UpstreamTrain(resolution);
            case DOWNSTREAM -> new DownstreamTrain(resolution);
            case OFFICIAL -> new OfficialTrain(officialPrecrop(resolution), resolution);
        };
    }

    /** Upstream models are evaluated as downstream ones are: shorter side resized, center crop. */
    public static Transform evaluation(DataTransform transform, int resolution) {
        return switch (transform) {
            case UPSTREAM, DOWNSTREAM -> new DownstreamEval(resolution);
            case OFFICIAL -> new OfficialEval(resolution);
        };
    }

    /** The evaluation preprocessing of the run that wrote {@code checkpoint}. */
    public static Transform evaluation(CheckpointRecord checkpoint) {
        Config settings = ConfigFactory.parseString(checkpoint.resolvedConfig());
        DataTransform transform = settings.hasPath(TRANSFORM_KEY)
                ? DataTransform.valueOf(settings.getString(TRANSFORM_KEY).toUpperCase(Locale.ROOT))
                : DataTransform.DOWNSTREAM;
        return evaluation(transform, checkpoint.resolution());
    }

    /**
     * The square the official transform squashes to: the official HyperRule's own pairs 160 -> 128
     * and 512 -> 480, else DESIGN.md's round(R * 256 / 224).
     */
    static int officialPrecrop(int resolution) {
        return switch (resolution) {
            case 128 -> 160;
            case 480 -> 512;
            default -> Transform.resizeFor(resolution);
        };
    }
}
