package io.bigtransfer.actors.daemon;

import java.util.Locale;

/** Where a daemon job is in its life; the last three are final. */
public enum JobState {
    QUEUED, RUNNING, PAUSED, DONE, FAILED, CANCELLED;

    public boolean isFinal() {
        return this == DONE || this == FAILED || this == CANCELLED;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
