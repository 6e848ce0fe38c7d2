package io.bigtransfer.actors.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bigtransfer.actors.daemon.JobRecord;
import io.bigtransfer.actors.daemon.JobState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DaemonViewTest {
    private static final String LISTING = """
            job-0001 done (trained 50 steps; top-1 70.0%)
            job-0002 running step 120/500 loss 0.4123 lr 0.00250 (continues from its latest checkpoint)
            job-0003 paused step 7/9 loss 1.0000 lr 0.100 (between steps)
            job-0004 queued""";

    @Test
    void theQueuesLinesGiveEachJobsProgressWithoutTheNoteItsFolderHolds() {
        Map<String, String> lines = DaemonView.progressById(LISTING);
        assertEquals(List.of("job-0001", "job-0002", "job-0003", "job-0004"), List.copyOf(lines.keySet()));
        DaemonView.Snapshot snapshot = new DaemonView.Snapshot(Optional.empty(), Optional.of(lines), Optional.empty());
        JobRecord running = new JobRecord("job-0002", JobState.RUNNING, Path.of("."), "continues from its latest checkpoint");
        assertEquals(Optional.of("step 120/500 loss 0.4123 lr 0.00250"), snapshot.progressOf(running));
        assertEquals("step 120/500 loss 0.4123 lr 0.00250 (continues from its latest checkpoint)", snapshot.describe(running));
        JobRecord paused = new JobRecord("job-0003", JobState.PAUSED, Path.of("."), "");
        assertEquals(Optional.of("step 7/9 loss 1.0000 lr 0.100 (between steps)"), snapshot.progressOf(paused));
        JobRecord done = new JobRecord("job-0001", JobState.DONE, Path.of("."), "trained 50 steps; top-1 70.0%");
        assertEquals(Optional.empty(), snapshot.progressOf(done));
        assertEquals("(trained 50 steps; top-1 70.0%)", snapshot.describe(done));
        assertEquals(Optional.empty(), snapshot.progressOf(new JobRecord("job-0004", JobState.QUEUED, Path.of("."), "")));
        assertEquals("(trained 50 steps; top-1 70.0%)", DaemonView.Snapshot.UNANSWERED.describe(done),
                "the folder's note when the daemon does not answer");
    }
}
