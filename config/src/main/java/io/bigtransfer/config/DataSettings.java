package io.bigtransfer.config;

import com.typesafe.config.Config;
import java.util.Optional;

/** {@code bit.data}: where the images are and how they become model inputs. */
public record DataSettings(Optional<String> train, Optional<String> eval, int resolution, DataTransform transform,
                           Normalization normalize, int decodeThreads, boolean embeddedS3) {

    public static DataSettings create(Config config) {
        SettingsReader reader = new SettingsReader(config, "bit.data");
        return new DataSettings(reader.optionalString("train"), reader.optionalString("eval"),
                reader.positiveInt("resolution"), reader.choice("transform", DataTransform.class),
                reader.choice("normalize", Normalization.class), reader.positiveInt("decode-threads"),
                reader.bool("embedded-s3"));
    }

    public String requireTrain() {
        return train.orElseThrow(() -> new SettingsException("bit.data.train is not set; name the training image folder."));
    }

    public DataSettings withNormalize(Normalization normalization) {
        return new DataSettings(train, eval, resolution, transform, normalization, decodeThreads, embeddedS3);
    }
}
