package io.bigtransfer.actors.cluster;

import io.bigtransfer.actors.remote.MessageRegistry;
import io.bigtransfer.actors.remote.RemoteMessage;
import io.bigtransfer.actors.remote.bulk.TensorRef;
import io.bigtransfer.model.ModelSpec;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a job's coordinator side and a worker node say to each other over Artery. Only small
 * messages travel here: parameters and gradients go over the bulk channel, named by a
 * {@link TensorRef}. Every type is registered in {@link #messages()}.
 */
public final class ClusterProtocol {
    private ClusterProtocol() {
    }

    /** What a worker node's agent takes. */
    public interface AgentCommand extends RemoteMessage {
    }

    /**
     * Take part in job {@code jobId}: train with these settings (the job's resolved config, paths
     * relative to {@code baseDirectory}) on a data set that must have {@code datasetSize} images
     * of {@code classNames}, with a network of {@code spec}. The node works for the job until
     * {@code owner} stops or tells it to detach.
     */
    public record AttachJob(String jobId, String config, String baseDirectory, ModelSpec spec, int datasetSize,
                            List<String> classNames, ActorRef<?> owner, ActorRef<Attachment> replyTo)
            implements AgentCommand {
    }

    /** The answer to {@link AttachJob}. */
    public sealed interface Attachment extends RemoteMessage {
        String jobId();
    }

    /** The node is ready: {@code endpoint} computes the job's ranges on node {@code node} (HOST:PORT). */
    public record Attached(String jobId, String node, ActorRef<EndpointCommand> endpoint) implements Attachment {
    }

    public record AttachRefused(String jobId, String node, String reason) implements Attachment {
    }

    /** What a node's endpoint for one job takes. */
    public interface EndpointCommand extends RemoteMessage {
    }

    /**
     * Compute the mean gradient of rows [from, to) of global batch {@code step} at parameter version
     * {@code version}, whose values (flattened in the network's parameter order) are at
     * {@code parameters}.
     */
    public record ComputeRange(long step, int range, int from, int to, long version, TensorRef parameters,
                               ActorRef<RangeResult> replyTo) implements EndpointCommand {
    }

    /** The coordinator side has its copy of a gradient: the node may drop it. */
    public record ReleaseGradient(TensorRef gradient) implements EndpointCommand {
    }

    /** The job no longer needs this node: release the engine and the data. */
    public record Detach() implements EndpointCommand {
    }

    /** What a node's endpoint answers to {@link ComputeRange}. */
    public sealed interface RangeResult extends RemoteMessage {
        long step();

        int range();
    }

    /** The gradient, flattened in the network's parameter order, is at {@code gradient} until released. */
    public record RangeGradient(long step, int range, int exampleCount, double meanLoss, TensorRef gradient)
            implements RangeResult {
    }

    /**
     * No gradient: {@code transientFault} when the node could not reach the parameters (the range is
     * worth computing elsewhere), otherwise the computation itself failed (as it would anywhere).
     */
    public record RangeFailed(long step, int range, String reason, boolean transientFault) implements RangeResult {
    }

    /** The fixed ids under which the protocol travels (310-329); every node must agree on them. */
    public static MessageRegistry messages() {
        return MessageRegistry.builder()
                .registerAll(TensorRef.messages())
                .register(310, AttachJob.class)
                .register(311, Attached.class)
                .register(312, AttachRefused.class)
                .register(313, ComputeRange.class)
                .register(314, ReleaseGradient.class)
                .register(315, Detach.class)
                .register(316, RangeGradient.class)
                .register(317, RangeFailed.class)
                .register(318, ModelSpec.class)
                .build();
    }
}
