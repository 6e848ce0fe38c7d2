package io.bigtransfer.actors.cluster;

import io.bigtransfer.actors.remote.bulk.TensorChannel;
import io.bigtransfer.actors.remote.bulk.TensorRef;
import io.bigtransfer.backend.ParameterVersion;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Serves a job's parameter versions to its worker nodes over the bulk channel: each version is
 * flattened and published once, however many nodes fetch it. The two newest versions stay
 * published, so a node still fetching the previous one when the next step starts finishes its fetch.
 */
final class ParameterPublisher implements AutoCloseable {
    private static final int KEPT_VERSIONS = 2;

    private record Published(long version, TensorRef ref) {
    }

    private final TensorChannel channel;
    private final Deque<Published> published = new ArrayDeque<>();

    ParameterPublisher(TensorChannel channel) {
        this.channel = channel;
    }

    synchronized TensorRef publish(ParameterVersion parameters) {
        for (Published entry : published) {
            if (entry.version() == parameters.version()) {
                return entry.ref();
            }
        }
        TensorRef ref = channel.publish(FlatTensors.flatten(parameters.parameters()));
        published.addFirst(new Published(parameters.version(), ref));
        while (published.size() > KEPT_VERSIONS) {
            channel.release(published.removeLast().ref());
        }
        return ref;
    }

    @Override
    public synchronized void close() {
        published.forEach(entry -> channel.release(entry.ref()));
        published.clear();
    }
}
