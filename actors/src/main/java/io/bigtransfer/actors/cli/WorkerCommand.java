package io.bigtransfer.actors.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.bigtransfer.actors.cluster.ClusterProtocol;
import io.bigtransfer.actors.cluster.NodeAgent;
import io.bigtransfer.actors.remote.ClusterTls;
import io.bigtransfer.actors.remote.RemoteActorSystems;
import io.bigtransfer.actors.remote.SharedSecret;
import io.bigtransfer.actors.remote.bulk.TensorChannel;
import io.bigtransfer.backend.NativeBackend;
import io.bigtransfer.config.BackendSettings;
import io.bigtransfer.config.BitConfig;
import io.bigtransfer.config.ClusterSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Leave;
import org.apache.pekko.cluster.typed.SelfUp;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * {@code bit worker --join HOST:PORT [--config FILE] [key=value ...]}: a worker node. It joins the
 * cluster that the daemon at HOST:PORT seeds, offers itself to the daemon's jobs, and computes the
 * ranges of their batches they hand it; it prints {@code worker ready at HOST:PORT} once it is a
 * member. A stop signal leaves the cluster (the jobs hand the node's ranges to the other workers);
 * if the daemon goes away the node leaves too and exits with status 1, to be restarted by whatever
 * supervises it. The data a job names must be reachable from here under the same paths or URIs.
 */
final class WorkerCommand {
    /** Pekko's TLS transport can hang while terminating mid-handshake: exit anyway after this. */
    private static final Duration TERMINATION_LIMIT = Duration.ofSeconds(20);

    private WorkerCommand() {
    }

    static int run(Arguments arguments, PrintStream out) {
        String seed = arguments.required("--join");
        if (!seed.matches("[^:\\s/@]+:\\d+")) {
            throw new UsageException("--join takes the daemon's HOST:PORT, not '" + seed + "'.");
        }
        Config config = BitConfig.load(arguments.option("--config").map(Path::of), arguments.words());
        ClusterSettings settings = ClusterSettings.create(config);
        // The default port is the daemon's; a worker takes any free one unless told otherwise.
        ClusterSettings node = BitConfig.isSetByUser(config, "bit.cluster.port") ? settings
                : new ClusterSettings(settings.host(), 0, settings.secretFile(), settings.bulkEncryption());
        ClusterTls tls = ClusterTls.create(SharedSecret.read(settings));
        NativeBackend.configure(BackendSettings.create(config));
        Config seedNodes = ConfigFactory.parseMap(Map.of("pekko.cluster.seed-nodes",
                List.of("pekko://" + RemoteActorSystems.SYSTEM_NAME + "@" + seed)));
        CompletableFuture<Void> up = new CompletableFuture<>();
        ActorSystem<SelfUp> system = RemoteActorSystems.create(Behaviors.<SelfUp>setup(context -> {
            Address self = context.getSystem().address();
            String name = self.getHost().orElse(node.host()) + ":" + self.getPort().orElse(node.port());
            TensorChannel channel = TensorChannel.start(context.getSystem(), tls, node.host(), 0, node.bulkEncryption());
            context.spawn(NodeAgent.create(name, channel), "node");
            Cluster.get(context.getSystem()).subscriptions().tell(Subscribe.create(context.getSelf(), SelfUp.class));
            return Behaviors.receiveMessage(selfUp -> {
                up.complete(null);
                return Behaviors.same();
            });
        }), node, tls, ClusterProtocol.messages(), seedNodes);
        Address address = system.address();
        out.printf("joining the cluster of %s ...%n", seed);
        AtomicBoolean stopSignal = new AtomicBoolean();
        Thread hook = new Thread(() -> {
            stopSignal.set(true);
            leave(system);
        }, "worker-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        up.thenRun(() -> out.printf("worker ready at %s:%d%n", address.getHost().orElse(node.host()),
                address.getPort().orElse(node.port())));
        system.getWhenTerminated().toCompletableFuture().join();
        if (stopSignal.get()) {
            return 0;
        }
        Runtime.getRuntime().removeShutdownHook(hook);
        out.println("the worker left the cluster of " + seed + " (the daemon stopped or cannot be reached)");
        return 1;
    }

    /** Leaves the cluster gracefully, then waits (within limits) for the system to go down. */
    private static void leave(ActorSystem<?> system) {
        Cluster cluster = Cluster.get(system);
        cluster.manager().tell(Leave.create(cluster.selfMember().address()));
        try {
            system.getWhenTerminated().toCompletableFuture().get(TERMINATION_LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            system.terminate();
        }
    }
}
