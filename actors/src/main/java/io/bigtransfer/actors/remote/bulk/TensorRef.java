package io.bigtransfer.actors.remote.bulk;

import io.bigtransfer.actors.remote.MessageRegistry;
import io.bigtransfer.actors.remote.RemoteMessage;

/**
 * A float array served by some node's {@link TensorChannel}: where to fetch it. It is small and
 * travels in ordinary actor messages; the array itself moves only when someone fetches it.
 *
 * @param host   the serving channel's host, as peers reach it
 * @param port   the serving channel's port
 * @param id     the array's id on that channel
 * @param length the number of floats
 */
public record TensorRef(String host, int port, long id, int length) implements RemoteMessage {
    /** The message id of this record; every node of a cluster must register it under the same id. */
    public static final int MESSAGE_ID = 300;

    public TensorRef {
        if (length < 0) {
            throw new IllegalArgumentException("a tensor cannot have a negative length, but " + length + " was given.");
        }
    }

    /** The registry to combine into a node's ({@code registerAll}), so refs can travel in its messages. */
    public static MessageRegistry messages() {
        return MessageRegistry.builder().register(MESSAGE_ID, TensorRef.class).build();
    }

    /** For error sentences: "tensor 7 (25000000 floats) at 10.0.0.2:41234". */
    String describe() {
        return "tensor " + id + " (" + length + " floats) at " + host + ":" + port;
    }
}
