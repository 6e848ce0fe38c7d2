package io.bigtransfer.config;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * How a job treats its changing set of workers ({@code bit.train}): how many must take part before
 * its first step, and how long the workers still computing a step may take after another worker's
 * last answer before the job gives up on them and has the others compute their rows.
 */
public record WorkerSettings(int awaitWorkers, Duration stragglerDeadline) {
    public static WorkerSettings create(Config config) {
        SettingsReader reader = new SettingsReader(config, "bit.train");
        return new WorkerSettings(reader.positiveInt("await-workers"), reader.positiveDuration("straggler-deadline"));
    }
}
