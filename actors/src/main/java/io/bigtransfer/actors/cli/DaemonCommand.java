package io.bigtransfer.actors.cli;

import com.typesafe.config.Config;
import io.bigtransfer.actors.cluster.ClusterProtocol;
import io.bigtransfer.actors.cluster.ClusterWorkers;
import io.bigtransfer.actors.daemon.ConsoleGateway;
import io.bigtransfer.actors.daemon.DaemonProtocol;
import io.bigtransfer.actors.daemon.JobQueue;
import io.bigtransfer.actors.daemon.JobStore;
import io.bigtransfer.actors.dashboard.Dashboard;
import io.bigtransfer.actors.remote.ClusterTls;
import io.bigtransfer.actors.remote.MessageRegistry;
import io.bigtransfer.actors.remote.RemoteActorSystems;
import io.bigtransfer.actors.remote.SharedSecret;
import io.bigtransfer.actors.remote.bulk.TensorChannel;
import io.bigtransfer.config.ClusterSettings;
import io.bigtransfer.config.DaemonSettings;
import io.bigtransfer.config.DashboardSettings;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * {@code bit daemon [--config FILE] [key=value ...]}: the long-running node. It holds the shared
 * secret (creating it on first start), keeps its jobs under {@code bit.daemon.dir}, seeds the
 * cluster, and serves consoles at {@code bit.cluster.host:port}; it prints
 * {@code daemon ready at HOST:PORT} once they can connect. A stop signal (or a console's
 * {@code shutdown}) checkpoints the running jobs, which continue at the next start.
 */
final class DaemonCommand {
    /** Pekko's TLS transport can hang while terminating mid-handshake: exit anyway after this. */
    private static final Duration TERMINATION_LIMIT = Duration.ofSeconds(20);
    private static final Duration SHUTDOWN_LIMIT = Duration.ofMinutes(5);

    private DaemonCommand() {
    }

    static int run(Config config, PrintStream out) {
        ClusterSettings cluster = ClusterSettings.create(config);
        // Before the daemon folder, so ~/.bit is created owner-only with the secret in it.
        SharedSecret secret = SharedSecret.readOrCreate(cluster);
        DaemonSettings settings = DaemonSettings.create(config);
        DashboardSettings dashboardSettings = DashboardSettings.create(config);
        JobStore store = new JobStore(settings.dir());
        CompletableFuture<ActorRef<JobQueue.Message>> queueRef = new CompletableFuture<>();
        CompletableFuture<Void> queueStopped = new CompletableFuture<>();
        AtomicReference<Throwable> queueFailure = new AtomicReference<>();
        CompletableFuture<ActorRef<DaemonProtocol.Request>> gatewayRef = new CompletableFuture<>();
        ClusterTls tls = ClusterTls.create(secret);
        ActorSystem<Void> system = RemoteActorSystems.create(Behaviors.setup(context -> {
            // Jobs' parameters and gradients travel to and from worker nodes over this channel (any free port).
            TensorChannel channel = TensorChannel.start(context.getSystem(), tls, cluster.host(), 0,
                    cluster.bulkEncryption());
            ActorRef<JobQueue.Message> queue = context.spawn(JobQueue.create(store, settings.concurrentJobs(),
                    Optional.of(new ClusterWorkers(context.getSystem(), channel))), "jobs");
            context.watch(queue);
            gatewayRef.complete(context.spawn(ConsoleGateway.create(queue), DaemonProtocol.GATEWAY_NAME));
            Cluster self = Cluster.get(context.getSystem());
            self.manager().tell(Join.create(self.selfMember().address()));
            queueRef.complete(queue);
            return Behaviors.<Void>receiveSignal((ctx, signal) -> {
                if (signal instanceof ChildFailed failed) {
                    queueFailure.set(failed.getCause());
                }
                if (signal instanceof Terminated) {
                    queueStopped.complete(null);
                    return Behaviors.stopped();
                }
                return Behaviors.same();
            });
        }), cluster, tls, MessageRegistry.builder().registerAll(DaemonProtocol.messages())
                .registerAll(ClusterProtocol.messages()).build());
        Dashboard dashboard;
        try {
            dashboard = Dashboard.start(system, dashboardSettings, store, gatewayRef.join(), secret.token());
        } catch (RuntimeException e) {
            terminate(system);
            throw e;
        }
        Address address = system.address();
        out.printf("daemon ready at %s:%d%n", address.getHost().orElse(cluster.host()),
                address.getPort().orElse(cluster.port()));
        out.println("jobs in " + settings.dir().toAbsolutePath());
        out.println("dashboard at " + dashboard.url() + " (its token is the shared secret)");
        Thread hook = new Thread(() -> stopGracefully(system, queueRef.join(), queueStopped), "daemon-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        CompletableFuture.anyOf(queueStopped, system.getWhenTerminated().toCompletableFuture()).join();
        dashboard.stop();
        terminate(system);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook runs already; it returns once the system is down.
        }
        if (queueFailure.get() != null) {
            throw new IllegalStateException("the daemon's job queue failed: " + queueFailure.get().getMessage()
                    + "; jobs continue from their latest checkpoints at the next start", queueFailure.get());
        }
        out.println("daemon stopped");
        return 0;
    }

    /** On a stop signal: the queue checkpoints its running jobs and stops, then the system goes. */
    private static void stopGracefully(ActorSystem<Void> system, ActorRef<JobQueue.Message> queue,
                                       CompletableFuture<Void> queueStopped) {
        AskPattern.<JobQueue.Message, DaemonProtocol.Answer>ask(queue,
                replyTo -> JobQueue.request(new DaemonProtocol.Shutdown(replyTo)), SHUTDOWN_LIMIT, system.scheduler());
        try {
            queueStopped.get(SHUTDOWN_LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            // Stop the system anyway: a job that did not checkpoint in time continues from its last checkpoint.
        }
        terminate(system);
    }

    private static void terminate(ActorSystem<Void> system) {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(TERMINATION_LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            // Exit regardless: the jobs were checkpointed before the system was asked to stop.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
