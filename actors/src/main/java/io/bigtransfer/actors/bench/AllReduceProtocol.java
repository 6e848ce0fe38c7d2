package io.bigtransfer.actors.bench;

import io.bigtransfer.actors.remote.MessageRegistry;
import io.bigtransfer.actors.remote.RemoteMessage;
import io.bigtransfer.actors.remote.bulk.TensorRef;
import java.util.Locale;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What the nodes of {@code bit bench allreduce} say to each other over Artery. Node 0 is the
 * coordinator (the bench's own process); it gathers every gradient, sums them in node order and
 * hands the sum back. On the {@link BulkPath#TCP_TLS} and {@link BulkPath#TCP_PLAIN} paths only
 * {@link TensorRef}s travel here and the arrays go over the bulk channel, with and without
 * encryption; on {@link BulkPath#ARTERY} the arrays themselves travel as {@link Chunk}s on Artery's
 * large-message channel.
 */
final class AllReduceProtocol {
    /** The bulk path a round measures. */
    enum BulkPath {
        TCP_TLS, TCP_PLAIN, ARTERY;

        /** As the bench's output and JSON keys name it: "tcp_tls". */
        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A worker is up: {@code control} takes small messages, {@code bulk} takes chunks (a large-message destination). */
    record Hello(int node, ActorRef<Object> control, ActorRef<Object> bulk) implements RemoteMessage {
    }

    /** Coordinator to workers: contribute your gradient to round {@code round} over {@code path}. */
    record StartRound(int round, BulkPath path) implements RemoteMessage {
    }

    /** Worker to coordinator, TCP paths: my gradient is at {@code gradient}. */
    record Contribution(int node, int round, TensorRef gradient) implements RemoteMessage {
    }

    /** Coordinator to workers, TCP paths: the sum is at {@code sum}. */
    record Sum(int round, TensorRef sum) implements RemoteMessage {
    }

    /** Artery path: floats [offset, offset + values.length) of node {@code node}'s array (the sum: node 0). */
    record Chunk(int node, int round, int offset, float[] values) implements RemoteMessage {
    }

    /** Artery path: the receiver holds the chunk at {@code offset}; the sender may send another. */
    record ChunkAck(int node, int round, int offset) implements RemoteMessage {
    }

    /** Worker to coordinator: I hold the sum, and it is (or is not) exactly the expected one. */
    record Done(int node, int round, boolean exact) implements RemoteMessage {
    }

    record Stop() implements RemoteMessage {
    }

    private AllReduceProtocol() {
    }

    /** The bench's ids (340-349), with the bulk channel's ref. */
    static MessageRegistry messages() {
        return MessageRegistry.builder()
                .registerAll(TensorRef.messages())
                .register(340, BulkPath.class)
                .register(341, Hello.class)
                .register(342, StartRound.class)
                .register(343, Contribution.class)
                .register(344, Sum.class)
                .register(345, Chunk.class)
                .register(346, ChunkAck.class)
                .register(347, Done.class)
                .register(348, Stop.class)
                .build();
    }
}
