package io.bigtransfer.actors.cluster;

import io.bigtransfer.actors.cluster.ClusterProtocol.AgentCommand;
import io.bigtransfer.actors.cluster.ClusterProtocol.Attachment;
import io.bigtransfer.actors.remote.bulk.TensorChannel;
import io.bigtransfer.actors.training.Coordinator;
import io.bigtransfer.actors.training.ExternalWorkers;
import io.bigtransfer.actors.training.Worker;
import io.bigtransfer.actors.training.WorkerMember;
import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's worker nodes for the jobs of a daemon: each job's recruiter watches the
 * receptionist for node agents, asks every new one to attach, and adds each node that is ready to
 * the coordinator as a {@link RemoteWorker}. A node is asked once per job: one that leaves the job
 * (stopped, unreachable, given up on as a straggler) comes back only as a new agent, after a
 * restart. Parameters are published once per version for all of a job's nodes.
 */
public final class ClusterWorkers implements ExternalWorkers {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterWorkers.class);

    private final ActorSystem<?> system;
    private final TensorChannel channel;

    /** {@code system} is a cluster member (the daemon, the seed node); {@code channel} its bulk channel. */
    public ClusterWorkers(ActorSystem<?> system, TensorChannel channel) {
        this.system = system;
        this.channel = channel;
    }

    @Override
    public ActorSystem<?> system() {
        return system;
    }

    private interface Command {
    }

    private record Listed(Receptionist.Listing listing) implements Command {
    }

    private record Answered(Attachment attachment) implements Command {
    }

    @Override
    public Behavior<?> recruiter(JobDescription job, ActorRef<Coordinator.Command> coordinator) {
        return Behaviors.<Command>setup(context -> {
            ParameterPublisher parameters = new ParameterPublisher(channel);
            ClusterProtocol.AttachJob template = new ClusterProtocol.AttachJob(job.jobId(), job.resolvedConfig(),
                    job.baseDirectory().toString(), job.spec(), job.datasetSize(), job.classNames(), context.getSelf(),
                    context.messageAdapter(Attachment.class, Answered::new));
            context.getSystem().receptionist().tell(Receptionist.subscribe(NodeAgent.KEY,
                    context.messageAdapter(Receptionist.Listing.class, Listed::new)));
            Set<ActorRef<AgentCommand>> asked = new HashSet<>();
            return Behaviors.receive(Command.class)
                    .onMessage(Listed.class, listed -> {
                        for (ActorRef<AgentCommand> agent : listed.listing().getServiceInstances(NodeAgent.KEY)) {
                            if (asked.add(agent)) {
                                agent.tell(template);
                            }
                        }
                        return Behaviors.same();
                    })
                    .onMessage(Answered.class, answered -> {
                        if (answered.attachment() instanceof ClusterProtocol.Attached attached) {
                            ActorRef<Worker.Command> proxy = context.spawnAnonymous(
                                    RemoteWorker.create(attached.node(), attached.endpoint(), job.spec().parameterShapes(),
                                            parameters, channel));
                            coordinator.tell(new Coordinator.AddWorker(new WorkerMember(proxy, attached.node())));
                        } else if (answered.attachment() instanceof ClusterProtocol.AttachRefused refused) {
                            LOG.warn("worker node {} cannot take part in job {}: {}", refused.node(), job.jobId(),
                                    refused.reason());
                        }
                        return Behaviors.same();
                    })
                    .onSignal(PostStop.class, signal -> {
                        parameters.close();
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
