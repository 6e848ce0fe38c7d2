package io.bigtransfer.config;

import com.typesafe.config.Config;
import java.nio.file.Path;

/** {@code bit.daemon}: where the daemon keeps its jobs and how many train at once. */
public record DaemonSettings(Path dir, int concurrentJobs) {

    public static DaemonSettings create(Config config) {
        SettingsReader reader = new SettingsReader(config, "bit.daemon");
        Path dir = reader.optionalString("dir").map(Path::of)
                .orElseGet(() -> Path.of(System.getProperty("user.home"), ".bit", "daemon"));
        return new DaemonSettings(dir, reader.positiveInt("concurrent-jobs"));
    }
}
