package io.bigtransfer.actors.dashboard;

import io.bigtransfer.actors.daemon.DaemonProtocol;
import io.bigtransfer.actors.daemon.JobStore;
import io.bigtransfer.config.DashboardSettings;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;

/**
 * The daemon's web dashboard (Pekko HTTP): the job list, and per job live charts of loss, learning
 * rate, evaluation accuracy and throughput, the cluster's nodes, skipped inputs and the log's
 * tail, plus a JSON API. Pages are rendered on the server from the job folders of a
 * {@link JobStore} and the answers of the daemon's console gateway; every request must present
 * the shared secret as its token (see {@link Authentication}).
 */
public final class Dashboard {
    private static final Duration BIND_WITHIN = Duration.ofSeconds(10);
    private static final Duration STOP_WITHIN = Duration.ofSeconds(3);

    private final ActorSystem<?> system;
    private final ServerBinding binding;

    private Dashboard(ActorSystem<?> system, ServerBinding binding) {
        this.system = system;
        this.binding = binding;
    }

    /**
     * Serves the dashboard at {@code bit.dashboard.host:port} and returns once it accepts
     * connections; a port in use (or any other bind failure) is an exception with one sentence.
     */
    public static Dashboard start(ActorSystem<?> system, DashboardSettings settings, JobStore store,
                                  ActorRef<DaemonProtocol.Request> gateway, String token) {
        Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
        DashboardRoutes routes = new DashboardRoutes(store, new DaemonView(gateway, system.scheduler()),
                new MetricsFiles(), new Authentication(new AccessToken(token)), blocking);
        try {
            ServerBinding binding = Http.get(system).newServerAt(settings.host(), settings.port())
                    .adaptSettings(server -> server.withRemoteAddressAttribute(true))
                    .bind(routes.route()).toCompletableFuture().get(BIND_WITHIN.toSeconds(), TimeUnit.SECONDS);
            return new Dashboard(system, binding);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot serve the dashboard at " + settings.host() + ":" + settings.port()
                    + " (bit.dashboard.host, bit.dashboard.port): " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the dashboard", e);
        }
    }

    /** Where it listens (with the port chosen when {@code bit.dashboard.port} is 0). */
    public InetSocketAddress address() {
        return binding.localAddress();
    }

    /** {@code http://HOST:PORT/}; an operator appends {@code ?token=...} or sends the token as a bearer header. */
    public String url() {
        InetSocketAddress address = address();
        String host = address.getAddress().getHostAddress();
        if (address.getAddress() instanceof Inet6Address) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + address.getPort() + "/";
    }

    /**
     * Stops accepting connections and ends the open ones, waiting at most a few seconds; nothing
     * to do once the actor system has terminated, which closed them already.
     */
    public void stop() {
        if (system.getWhenTerminated().toCompletableFuture().isDone()) {
            return;
        }
        try {
            binding.terminate(STOP_WITHIN).toCompletableFuture().get(2 * STOP_WITHIN.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // The actor system's shutdown closes whatever is left.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
