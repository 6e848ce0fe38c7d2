package io.bigtransfer.actors.cluster;

import io.bigtransfer.actors.cluster.ClusterProtocol.ComputeRange;
import io.bigtransfer.actors.cluster.ClusterProtocol.EndpointCommand;
import io.bigtransfer.actors.cluster.ClusterProtocol.RangeFailed;
import io.bigtransfer.actors.cluster.ClusterProtocol.RangeGradient;
import io.bigtransfer.actors.cluster.ClusterProtocol.RangeResult;
import io.bigtransfer.actors.remote.bulk.TensorChannel;
import io.bigtransfer.actors.training.Failures;
import io.bigtransfer.actors.training.SliceReply;
import io.bigtransfer.actors.training.Worker;
import io.bigtransfer.backend.NamedBuffers;
import io.bigtransfer.backend.WeightedGradient;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker node as the coordinator sees it: a {@link Worker} in this JVM's terms whose ranges are
 * computed by the node's endpoint. Parameters go out and gradients come back over the bulk
 * channel; only their refs travel with the messages. The proxy stops (and the coordinator's round
 * hands its ranges to the others) when the node stops, becomes unreachable, or cannot move the
 * tensors; a computation that fails on the node fails the step, as it would here.
 */
final class RemoteWorker {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteWorker.class);

    private RemoteWorker() {
    }

    private record Result(RangeResult result) implements Worker.Command {
    }

    private record Fetched(RangeGradient result, NamedBuffers gradient, Throwable failure) implements Worker.Command {
    }

    private record EndpointStopped() implements Worker.Command {
    }

    private record Unreachable(ClusterEvent.UnreachableMember event) implements Worker.Command {
    }

    private record Asked(long step, int range) {
    }

    static Behavior<Worker.Command> create(String node, ActorRef<EndpointCommand> endpoint, Map<String, int[]> shapes,
                                           ParameterPublisher parameters, TensorChannel channel) {
        return Behaviors.setup(context -> {
            context.watchWith(endpoint, new EndpointStopped());
            Cluster.get(context.getSystem()).subscriptions().tell(Subscribe.create(
                    context.messageAdapter(ClusterEvent.UnreachableMember.class, Unreachable::new),
                    ClusterEvent.UnreachableMember.class));
            ActorRef<RangeResult> results = context.messageAdapter(RangeResult.class, Result::new);
            Map<Asked, ActorRef<SliceReply>> asked = new HashMap<>();
            return Behaviors.receive(Worker.Command.class)
                    .onMessage(Worker.ComputeSlice.class, request -> {
                        asked.put(new Asked(request.step(), request.range()), request.replyTo());
                        endpoint.tell(new ComputeRange(request.step(), request.range(), request.from(), request.to(),
                                request.parameters().version(), parameters.publish(request.parameters()), results));
                        return Behaviors.same();
                    })
                    .onMessage(Result.class, result -> onResult(context, node, result.result(), asked, shapes, channel))
                    .onMessage(Fetched.class, fetched -> onFetched(context, node, endpoint, fetched, asked))
                    .onMessage(Worker.Retire.class, retire -> {
                        endpoint.tell(new ClusterProtocol.Detach());
                        return Behaviors.stopped();
                    })
                    .onMessage(EndpointStopped.class, stopped -> {
                        LOG.warn("worker node {} stopped working for the job", node);
                        return Behaviors.stopped();
                    })
                    .onMessage(Unreachable.class, unreachable -> {
                        if (!unreachable.event().member().address().equals(endpoint.path().address())) {
                            return Behaviors.same();
                        }
                        LOG.warn("worker node {} became unreachable; its ranges go to the other workers", node);
                        return Behaviors.stopped();
                    })
                    .build();
        });
    }

    private static Behavior<Worker.Command> onResult(ActorContext<Worker.Command> context, String node,
                                                     RangeResult result, Map<Asked, ActorRef<SliceReply>> asked,
                                                     Map<String, int[]> shapes, TensorChannel channel) {
        if (result instanceof RangeFailed failed) {
            if (failed.transientFault()) {
                LOG.warn("worker node {} could not compute range {} of step {}: {}", node, failed.range(),
                        failed.step(), failed.reason());
                return Behaviors.stopped();
            }
            ActorRef<SliceReply> replyTo = asked.remove(new Asked(failed.step(), failed.range()));
            if (replyTo != null) {
                replyTo.tell(new SliceReply.SliceFailed(failed.step(), failed.range(), context.getSelf(),
                        node + ": " + failed.reason()));
            }
            return Behaviors.same();
        }
        RangeGradient gradient = (RangeGradient) result;
        context.pipeToSelf(channel.fetch(gradient.gradient()).thenApply(values -> FlatTensors.unflatten(shapes, values)),
                (buffers, failure) -> new Fetched(gradient, buffers, failure));
        return Behaviors.same();
    }

    private static Behavior<Worker.Command> onFetched(ActorContext<Worker.Command> context, String node,
                                                      ActorRef<EndpointCommand> endpoint, Fetched fetched,
                                                      Map<Asked, ActorRef<SliceReply>> asked) {
        RangeGradient result = fetched.result();
        endpoint.tell(new ClusterProtocol.ReleaseGradient(result.gradient()));
        if (fetched.failure() != null) {
            LOG.warn("the gradient of range {} of step {} could not be fetched from worker node {}: {}", result.range(),
                    result.step(), node, Failures.describe(fetched.failure()));
            return Behaviors.stopped();
        }
        ActorRef<SliceReply> replyTo = asked.remove(new Asked(result.step(), result.range()));
        if (replyTo != null) {
            replyTo.tell(new SliceReply.SliceGradient(result.step(), result.range(), context.getSelf(),
                    new WeightedGradient(result.exampleCount(), result.meanLoss(), fetched.gradient())));
        }
        return Behaviors.same();
    }
}
