package io.bigtransfer.actors.cluster;

import io.bigtransfer.actors.cluster.ClusterProtocol.AgentCommand;
import io.bigtransfer.actors.cluster.ClusterProtocol.AttachJob;
import io.bigtransfer.actors.remote.bulk.TensorChannel;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * The actor through which a worker node ({@code bit worker --join}) offers itself: registered with
 * the cluster's receptionist under {@link #KEY}, it takes jobs' attach requests and starts one
 * {@link JobEndpoint} per job, which answers the request once the job's data and engine are ready.
 */
public final class NodeAgent {
    /** Where jobs find worker nodes. */
    public static final ServiceKey<AgentCommand> KEY = ServiceKey.create(AgentCommand.class, "bit-worker-node");

    private NodeAgent() {
    }

    /** The agent of node {@code node} (its HOST:PORT), serving tensors through {@code channel}. */
    public static Behavior<AgentCommand> create(String node, TensorChannel channel) {
        return Behaviors.setup(context -> {
            context.getSystem().receptionist().tell(Receptionist.register(KEY, context.getSelf()));
            AtomicLong attachments = new AtomicLong();
            return Behaviors.receive(AgentCommand.class)
                    .onMessage(AttachJob.class, attach -> {
                        // A job's id may hold characters an actor name cannot; the counter keeps names unique.
                        context.spawn(JobEndpoint.create(attach, node, channel), "job-" + attachments.incrementAndGet());
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
