package io.bigtransfer.actors.daemon;

import java.nio.file.Path;

/**
 * A job as the daemon keeps it on disk: its id, state, the folder relative paths in its config
 * start from, and a one-line note (why it failed, where it stopped).
 */
public record JobRecord(String id, JobState state, Path baseDirectory, String note) {

    public JobRecord withState(JobState newState, String newNote) {
        return new JobRecord(id, newState, baseDirectory, newNote);
    }
}
