package io.bigtransfer.actors.training;

import io.bigtransfer.model.ModelSpec;
import java.nio.file.Path;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;

/**
 * Workers from beyond this JVM (a cluster's worker nodes) for a job: the job's actors then run in
 * {@link #system()}, which reaches the other nodes, and a recruiter beside the coordinator brings
 * the outside workers to it as they come.
 */
public interface ExternalWorkers {
    /** What a node needs to know to compute a job's ranges. */
    record JobDescription(String jobId, String resolvedConfig, Path baseDirectory, ModelSpec spec, int datasetSize,
                          List<String> classNames) {
    }

    ActorSystem<?> system();

    /** The actor that adds outside workers to {@code coordinator} ({@link Coordinator.AddWorker}) while it lives. */
    Behavior<?> recruiter(JobDescription job, ActorRef<Coordinator.Command> coordinator);
}
