package io.bigtransfer.actors.training;

import io.bigtransfer.config.SettingsException;
import io.bigtransfer.streams.FolderDataset;
import java.net.URI;
import java.nio.file.Path;

/** Opens a data set named by a setting: a folder path (relative to a base folder) or a file: URI. */
public final class DataLocation {
    private DataLocation() {
    }

    public static FolderDataset open(String key, String location, Path baseDirectory) {
        if (location.startsWith("s3://")) {
            throw new SettingsException(key + " = " + location + ": S3 data sources are not available in this build yet.");
        }
        Path path;
        try {
            path = location.startsWith("file:") ? Path.of(URI.create(location)) : baseDirectory.resolve(location);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(key + " = " + location + " is not a valid folder path or file: URI.");
        }
        return FolderDataset.open(path.toAbsolutePath().normalize());
    }
}
