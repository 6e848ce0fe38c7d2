package io.bigtransfer.actors.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.bigtransfer.actors.remote.ClusterTls;
import io.bigtransfer.actors.remote.RemoteActorSystems;
import io.bigtransfer.actors.bench.AllReduceProtocol.BulkPath;
import io.bigtransfer.actors.remote.bulk.TensorChannel;
import io.bigtransfer.config.BulkEncryption;
import io.bigtransfer.config.ClusterSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * One node of {@code bit bench allreduce}: a remote actor system on 127.0.0.1 (any port) with the
 * cluster's TLS, and two tensor channels, one with TLS and one without encryption (its connections
 * authenticated with the secret all the same). Its two actors only put what they receive into one
 * queue: each node's part of a round reads best as a straight sequence on its own thread, which
 * takes the messages in order. {@code control} takes small messages; {@code bulk} is Artery's
 * large-message destination, so chunks do not hold up the small messages.
 */
final class BenchNode implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final String BULK = "bulk";
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration TERMINATION = Duration.ofSeconds(10);

    private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final ActorSystem<Object> system;
    private final TensorChannel tlsChannel;
    private final TensorChannel plainChannel;
    private final String name;

    private BenchNode(ClusterTls tls, String name) {
        this.name = name;
        // 1 MiB chunks fit Artery's default large frame (2 MiB).
        Config overrides = ConfigFactory.parseString(
                "pekko.remote.artery.large-message-destinations = [\"/user/" + BULK + "\"]");
        this.system = RemoteActorSystems.create(guardian(inbox), new ClusterSettings(HOST, 0, Path.of("unused")), tls,
                AllReduceProtocol.messages(), overrides);
        this.tlsChannel = TensorChannel.start(system, tls, HOST, 0, BulkEncryption.TLS);
        this.plainChannel = TensorChannel.start(system, tls, HOST, 0, BulkEncryption.NONE);
    }

    /** @param name for error sentences, e.g. "node 2" */
    static BenchNode start(ClusterTls tls, String name) {
        return new BenchNode(tls, name);
    }

    /** The channel of a TCP path. */
    TensorChannel channel(BulkPath path) {
        return switch (path) {
            case TCP_TLS -> tlsChannel;
            case TCP_PLAIN -> plainChannel;
            case ARTERY -> throw new IllegalArgumentException("the Artery path has no tensor channel.");
        };
    }

    String address() {
        return system.address().toString();
    }

    ActorRef<Object> control() {
        return system;
    }

    ActorRef<Object> bulk() {
        return bulkOf(address());
    }

    /** The control actor of the node at {@code address} (pekko://bit@HOST:PORT). */
    ActorRef<Object> controlOf(String address) {
        return ActorRefResolver.get(system).resolveActorRef(address + "/user");
    }

    ActorRef<Object> bulkOf(String address) {
        return ActorRefResolver.get(system).resolveActorRef(address + "/user/" + BULK);
    }

    /**
     * The next message, which must be a {@code type}; {@code whileWaiting} runs about every second
     * (e.g. to notice a peer process that died) and may throw.
     */
    <T> T expect(Class<T> type, Duration patience, Runnable whileWaiting) {
        Object message = next(type.getSimpleName(), patience, whileWaiting);
        if (!type.isInstance(message)) {
            throw new IllegalStateException(name + " expected a " + type.getSimpleName() + " but got " + message + ".");
        }
        return type.cast(message);
    }

    <T> T expect(Class<T> type, Duration patience) {
        return expect(type, patience, () -> { });
    }

    /** The next message of any kind; {@code awaited} names it for the timeout's sentence. */
    Object next(String awaited, Duration patience, Runnable whileWaiting) {
        long deadline = System.nanoTime() + patience.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                Object message = inbox.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
                if (message != null) {
                    return message;
                }
                whileWaiting.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + " was interrupted while it waited for a " + awaited + ".", e);
        }
        throw new IllegalStateException(name + " waited " + patience.toSeconds() + " s for a " + awaited
                + " in vain.");
    }

    /** Closes the channels, then stops the system, waiting a bounded time (docs/remoting.md, "termination"). */
    @Override
    public void close() {
        tlsChannel.close();
        plainChannel.close();
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(TERMINATION.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // The process exits after this anyway; the limit only keeps a stuck stream from holding it.
        }
    }

    private static Behavior<Object> guardian(BlockingQueue<Object> inbox) {
        return Behaviors.setup(context -> {
            context.spawn(forward(inbox), BULK);
            return forward(inbox);
        });
    }

    private static Behavior<Object> forward(BlockingQueue<Object> inbox) {
        return Behaviors.receiveMessage(message -> {
            inbox.add(message);
            return Behaviors.same();
        });
    }
}
