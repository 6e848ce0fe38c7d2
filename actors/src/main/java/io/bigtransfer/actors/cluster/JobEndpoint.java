package io.bigtransfer.actors.cluster;

import com.typesafe.config.ConfigFactory;
import io.bigtransfer.actors.cluster.ClusterProtocol.AttachJob;
import io.bigtransfer.actors.cluster.ClusterProtocol.ComputeRange;
import io.bigtransfer.actors.cluster.ClusterProtocol.EndpointCommand;
import io.bigtransfer.actors.cluster.ClusterProtocol.RangeFailed;
import io.bigtransfer.actors.cluster.ClusterProtocol.RangeGradient;
import io.bigtransfer.actors.remote.bulk.TensorChannel;
import io.bigtransfer.actors.remote.bulk.TensorRef;
import io.bigtransfer.actors.training.Failures;
import io.bigtransfer.actors.training.NodeWork;
import io.bigtransfer.actors.training.SliceReply;
import io.bigtransfer.actors.training.Worker;
import io.bigtransfer.backend.ParameterVersion;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job's work on a worker node: sets up the job's data and an engine (off the actor, as that
 * takes seconds), answers the attach request, then computes the ranges the job's proxy sends.
 * Each parameter version is fetched once over the bulk channel, however many ranges of a step the
 * node computes; each gradient is published until the job side has fetched it. The endpoint
 * stops, releasing everything, when told to detach or when the job's side ({@code owner}) stops.
 */
final class JobEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(JobEndpoint.class);

    private JobEndpoint() {
    }

    private record Ready(NodeWork work) implements EndpointCommand {
    }

    private record SetupFailed(Throwable failure) implements EndpointCommand {
    }

    private record ParametersFetched(ComputeRange request, ParameterVersion parameters, Throwable failure)
            implements EndpointCommand {
    }

    private record Computed(SliceReply reply) implements EndpointCommand {
    }

    private record Asked(long step, int range) {
    }

    private record OwnerStopped() implements EndpointCommand {
    }

    static Behavior<EndpointCommand> create(AttachJob attach, String node, TensorChannel channel) {
        return Behaviors.setup(context -> {
            context.watchWith(attach.owner(), new OwnerStopped());
            CompletableFuture<NodeWork> setup = CompletableFuture.supplyAsync(() -> NodeWork.open(
                    ConfigFactory.parseString(attach.config()), Path.of(attach.baseDirectory()), attach.spec(),
                    attach.datasetSize(), attach.classNames(), "engine-job-" + attach.jobId()));
            context.pipeToSelf(setup, (work, failure) -> failure == null ? new Ready(work) : new SetupFailed(failure));
            return Behaviors.receive(EndpointCommand.class)
                    .onMessage(Ready.class, ready -> {
                        ActorRef<Worker.Command> worker = context.spawn(ready.work().worker(node, context.getSystem()),
                                "worker");
                        attach.replyTo().tell(new ClusterProtocol.Attached(attach.jobId(), node, context.getSelf()));
                        LOG.info("taking part in job {}", attach.jobId());
                        return new Working(context, attach, channel, ready.work(), worker).behavior();
                    })
                    .onMessage(SetupFailed.class, failed -> {
                        String reason = Failures.describe(failed.failure());
                        LOG.warn("cannot take part in job {}: {}", attach.jobId(), reason);
                        attach.replyTo().tell(new ClusterProtocol.AttachRefused(attach.jobId(), node, reason));
                        return Behaviors.stopped();
                    })
                    .onMessage(OwnerStopped.class, stopped -> Behaviors.stopped(() ->
                            setup.thenAccept(NodeWork::close)))
                    .build();
        });
    }

    /** The endpoint once the job's data and engine are ready. */
    private static final class Working {
        private final ActorContext<EndpointCommand> context;
        private final AttachJob attach;
        private final TensorChannel channel;
        private final NodeWork work;
        private final ActorRef<Worker.Command> worker;
        private final ActorRef<SliceReply> replies;
        private final Set<TensorRef> published = new HashSet<>();
        /** Ranges the worker computes, by the step and range its replies name (one adapter serves them all). */
        private final Map<Asked, ComputeRange> computing = new HashMap<>();
        private final Map<String, int[]> shapes;
        /** The newest parameter version fetched, or being fetched; one fetch serves every range of a step. */
        private long version = -1;
        private CompletableFuture<ParameterVersion> parameters;

        Working(ActorContext<EndpointCommand> context, AttachJob attach, TensorChannel channel, NodeWork work,
                ActorRef<Worker.Command> worker) {
            this.context = context;
            this.attach = attach;
            this.channel = channel;
            this.work = work;
            this.worker = worker;
            this.shapes = attach.spec().parameterShapes();
            this.replies = context.messageAdapter(SliceReply.class, Computed::new);
        }

        Behavior<EndpointCommand> behavior() {
            return Behaviors.receive(EndpointCommand.class)
                    .onMessage(ComputeRange.class, this::onCompute)
                    .onMessage(ParametersFetched.class, this::onParametersFetched)
                    .onMessage(Computed.class, this::onComputed)
                    .onMessage(ClusterProtocol.ReleaseGradient.class, release -> {
                        published.remove(release.gradient());
                        channel.release(release.gradient());
                        return Behaviors.same();
                    })
                    .onMessage(ClusterProtocol.Detach.class, detach -> Behaviors.stopped())
                    .onMessage(OwnerStopped.class, stopped -> Behaviors.stopped())
                    .onSignal(PostStop.class, signal -> {
                        published.forEach(channel::release);
                        work.close();
                        LOG.info("no longer taking part in job {}", attach.jobId());
                        return Behaviors.same();
                    })
                    .build();
        }

        private Behavior<EndpointCommand> onCompute(ComputeRange request) {
            if (request.version() != version) {
                version = request.version();
                parameters = channel.fetch(request.parameters()).toCompletableFuture()
                        .thenApply(values -> new ParameterVersion(request.version(), FlatTensors.unflatten(shapes, values)));
            }
            context.pipeToSelf(parameters, (fetched, failure) -> new ParametersFetched(request, fetched, failure));
            return Behaviors.same();
        }

        private Behavior<EndpointCommand> onParametersFetched(ParametersFetched fetched) {
            ComputeRange request = fetched.request();
            if (fetched.failure() != null) {
                request.replyTo().tell(new RangeFailed(request.step(), request.range(),
                        "the parameters could not be fetched: " + Failures.describe(fetched.failure()), true));
                return Behaviors.same();
            }
            computing.put(new Asked(request.step(), request.range()), request);
            worker.tell(new Worker.ComputeSlice(request.step(), request.range(), request.from(), request.to(),
                    fetched.parameters(), replies));
            return Behaviors.same();
        }

        private Behavior<EndpointCommand> onComputed(Computed computed) {
            ComputeRange request = computing.remove(new Asked(computed.reply().step(), computed.reply().range()));
            if (request == null) {
                return Behaviors.same();
            }
            if (computed.reply() instanceof SliceReply.SliceFailed failed) {
                request.replyTo().tell(new RangeFailed(request.step(), request.range(), failed.reason(), false));
                return Behaviors.same();
            }
            SliceReply.SliceGradient gradient = (SliceReply.SliceGradient) computed.reply();
            TensorRef ref = channel.publish(FlatTensors.flatten(gradient.gradient().meanGradient()));
            published.add(ref);
            request.replyTo().tell(new RangeGradient(request.step(), request.range(), gradient.gradient().exampleCount(),
                    gradient.gradient().meanLoss(), ref));
            return Behaviors.same();
        }
    }
}
