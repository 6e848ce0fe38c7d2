package io.bigtransfer.actors.remote.bulk;

import io.bigtransfer.actors.remote.ClusterTls;
import io.bigtransfer.config.BulkEncryption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.stream.scaladsl.TcpAttributes;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves large float arrays (gradients, parameters) between nodes over Pekko Streams TCP: a node
 * publishes an array and sends the small {@link TensorRef} in an actor message; whoever receives the
 * ref fetches the array over its own connection, in chunks, with backpressure. In either
 * {@link BulkEncryption} a process without the shared secret gets no byte of a tensor, and the
 * server logs each refusal with the peer's address: {@code TLS} uses the secret-derived certificates
 * of {@link ClusterTls} on both sides; {@code NONE} proves the secret with the
 * {@link BulkAuthentication} handshake on every connection and then sends the tensor in the clear.
 * See docs/remoting.md ("The bulk tensor channel") for the wire format and why not Artery.
 *
 * <p>All methods may be called from any thread. A published array is served by reference: the
 * publisher must not change it until every fetch has completed, and should release it then.
 */
public final class TensorChannel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TensorChannel.class);
    private static final Duration BIND_TIMEOUT = Duration.ofSeconds(10);
    /** Without encryption, how long an accepted connection may take to prove the secret before it is closed. */
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** Pekko's default for its TCP bindings. */
    private static final int BACKLOG = 100;

    /**
     * Pekko's default (16 KiB) sends each TLS record to the TCP actor as its own write; 256 KiB
     * batches them and halved the CPU time per tensor (docs/remoting.md).
     */
    private static final int WRITE_BUFFER_BYTES = 256 << 10;

    private final ActorSystem<?> system;
    private final ClusterTls tls;
    private final BulkEncryption encryption;
    private final String host;
    private final Materializer materializer;
    private final SharedKillSwitch connections = KillSwitches.shared("tensor-channel");
    private final Map<Long, float[]> published = new ConcurrentHashMap<>();
    /**
     * Ids start at a random point so that a ref from an earlier channel on the same address (a
     * restarted node) meets "unknown id" instead of another array.
     */
    private final AtomicLong nextId = new AtomicLong(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2));
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Tcp.ServerBinding binding;

    private TensorChannel(ActorSystem<?> system, ClusterTls tls, String host, int port, BulkEncryption encryption) {
        this.system = system;
        this.tls = tls;
        this.encryption = encryption;
        this.host = host;
        this.materializer = Materializer.matFromSystem(system);
        // Half-close as Pekko's TLS binding has it; without TLS the server's end of the response
        // closes the connection, as nothing more is to be read.
        CompletionStage<Tcp.ServerBinding> bound = Tcp.get(system).bind(host, port, BACKLOG, List.of(),
                encryption == BulkEncryption.TLS, Optional.empty()).to(Sink.foreach(this::serve)).run(materializer);
        try {
            this.binding = bound.toCompletableFuture().get(BIND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the tensor channel cannot listen on " + host + ":" + port + ": "
                    + reason(e) + ".", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the tensor channel bound " + host + ":" + port + ".", e);
        }
    }

    /** Binds a TLS server on host:port (0 = any free port) in this actor system; peers must hold the shared secret (tls). */
    public static TensorChannel start(ActorSystem<?> system, ClusterTls tls, String host, int port) {
        return start(system, tls, host, port, BulkEncryption.TLS);
    }

    /**
     * Binds a server on host:port (0 = any free port) that encrypts or not, as {@code encryption}
     * says ({@code bit.cluster.bulk-encryption}); peers must hold the shared secret (tls) and use
     * the same encryption.
     */
    public static TensorChannel start(ActorSystem<?> system, ClusterTls tls, String host, int port,
            BulkEncryption encryption) {
        return new TensorChannel(system, tls, host, port, encryption);
    }

    /** Serves values (by reference, not copied) until released; returns where to fetch them. */
    public TensorRef publish(float[] values) {
        if (closed.get()) {
            throw new IllegalStateException("the tensor channel at " + address() + " is closed and cannot publish.");
        }
        long id = nextId.getAndIncrement();
        published.put(id, values);
        return new TensorRef(host, port(), id, values.length);
    }

    /** Stops serving the ref's array to new fetches (those under way finish); releasing twice is harmless. */
    public void release(TensorRef ref) {
        if (!isMine(ref)) {
            throw new IllegalArgumentException(ref.describe() + " was not published by the tensor channel at "
                    + address() + ".");
        }
        published.remove(ref.id());
    }

    /**
     * Fetches a published array; a ref published by this same channel completes with the very same
     * array (by reference, no copy). Fails with a {@link TensorFetchException}: a one-sentence error
     * naming the ref (unknown id, peer unreachable, peer refused the secret, short read).
     */
    public CompletionStage<float[]> fetch(TensorRef ref) {
        if (isMine(ref)) {
            return fetchLocal(ref);
        }
        CompletableFuture<float[]> result = new CompletableFuture<>();
        if (closed.get()) {
            result.completeExceptionally(new TensorFetchException(ref.describe() + " cannot be fetched: this node's "
                    + "tensor channel is closed."));
            return result;
        }
        TensorReceiver receiver = new TensorReceiver(ref);
        FetchConnection connection = FetchConnection.to(ref, system, tls, encryption, connections);
        try {
            connection.response()
                    .map(receiver::accept)
                    .takeWhile(more -> more)
                    .runWith(Sink.ignore(), materializer)
                    .whenComplete((done, failure) -> {
                        if (failure == null && receiver.complete()) {
                            result.complete(receiver.values());
                        } else {
                            result.completeExceptionally(FetchFailures.explain(ref, receiver, failure,
                                    connection.unfinishedHandshake()));
                        }
                    });
        } catch (RuntimeException e) {
            result.completeExceptionally(FetchFailures.explain(ref, receiver, e, Optional.empty()));
        }
        return result;
    }

    public String host() {
        return host;
    }

    public int port() {
        return binding.localAddress().getPort();
    }

    /**
     * Stops listening and aborts the transfers under way in both directions: their fetches fail,
     * naming the closed channel. Published arrays are dropped.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        connections.abort(new FetchFailures.ChannelClosed());
        published.clear();
        try {
            binding.unbind().toCompletableFuture().get(BIND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("the tensor channel at {} could not stop listening: {}", address(), reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The sentence for a ref whose id is not served where it points. */
    static String unknown(TensorRef ref) {
        return ref.describe() + " cannot be fetched: no tensor with that id is published there (never published, or "
                + "already released).";
    }

    private CompletionStage<float[]> fetchLocal(TensorRef ref) {
        float[] values = published.get(ref.id());
        if (values == null) {
            return CompletableFuture.failedFuture(new TensorFetchException(unknown(ref)));
        }
        if (values.length != ref.length()) {
            return CompletableFuture.failedFuture(new TensorFetchException(ref.describe() + " cannot be fetched: this "
                    + "channel serves that id with " + values.length + " floats, so the ref is not for that array."));
        }
        return CompletableFuture.completedFuture(values);
    }

    private void serve(Tcp.IncomingConnection connection) {
        String peer = connection.remoteAddress().getHostString() + ":" + connection.remoteAddress().getPort();
        Flow<ByteString, ByteString, NotUsed> raw = connection.flow()
                .addAttributes(TcpAttributes.tcpWriteBufferSize(WRITE_BUFFER_BYTES));
        if (encryption == BulkEncryption.TLS) {
            serveTls(raw, peer);
        } else {
            serveAuthenticated(raw, peer);
        }
    }

    /**
     * One accepted TLS connection: its single request, answered. The request side and the response
     * side are separate, so a failed handshake reaches the request side as an error to log: the TLS
     * stage cancels the response side first, and in a single flow that cancellation would hide the error.
     */
    private void serveTls(Flow<ByteString, ByteString, NotUsed> raw, String peer) {
        PlaintextProbe probe = new PlaintextProbe();
        AtomicBoolean admitted = new AtomicBoolean();
        CompletableFuture<TensorFrames.Request> request = new CompletableFuture<>();
        Sink<ByteString, CompletionStage<Done>> requests = Flow.of(ByteString.class)
                .via(connections.flow())
                .map(bytes -> {
                    admitted.set(true);
                    return bytes;
                })
                .statefulMapConcat(TensorFrames.FirstRequest::new)
                .toMat(Sink.foreach(request::complete), Keep.right());
        Source<ByteString, NotUsed> response = Source.completionStage(request)
                .flatMapConcat(received -> respond(peer, received))
                .via(connections.flow());
        raw.map(probe::observe).join(TlsSession.over(tls::serverEngine))
                .joinMat(Flow.fromSinkAndSourceMat(requests, response, Keep.left()), Keep.right()).run(materializer)
                .whenComplete((done, failure) -> {
                    request.completeExceptionally(new IllegalStateException("the connection ended without a request"));
                    served(peer, admitted.get(), probe.sawPlaintextPeer(), failure);
                });
    }

    /**
     * One accepted connection without encryption: the challenge goes out at once, and nothing more
     * until the client has proved the secret; a refused or silent client gets the connection closed
     * after the challenge, and a warning in the log. The outcome is decided once, by the handshake,
     * the timeout or the end of the connection, whichever comes first, and warned about there.
     */
    private void serveAuthenticated(Flow<ByteString, ByteString, NotUsed> raw, String peer) {
        ServerHandshake handshake = new ServerHandshake(tls.bulkAuthenticationKey());
        CompletableFuture<ServerHandshake.Outcome> outcome = new CompletableFuture<ServerHandshake.Outcome>()
                .completeOnTimeout(ServerHandshake.timedOut(HANDSHAKE_TIMEOUT.toSeconds()),
                        HANDSHAKE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        outcome.thenAccept(decided -> warnIfRefused(peer, decided));
        Sink<ByteString, CompletionStage<Done>> client = Flow.of(ByteString.class)
                .via(connections.flow())
                .mapConcat(handshake)
                .toMat(Sink.foreach(outcome::complete), Keep.right());
        Source<ByteString, NotUsed> response = Source.single(handshake.challenge())
                .concat(Source.completionStage(outcome).flatMapConcat(decided -> answer(peer, decided)))
                .via(connections.flow());
        raw.joinMat(Flow.fromSinkAndSourceMat(client, response, Keep.left()), Keep.right()).run(materializer)
                .whenComplete((done, failure) -> {
                    outcome.complete(ServerHandshake.ENDED_EARLY);
                    served(peer, true, false, failure);
                });
    }

    private Source<ByteString, NotUsed> answer(String peer, ServerHandshake.Outcome outcome) {
        return outcome instanceof ServerHandshake.Admitted admitted
                ? Source.single(admitted.proof()).concat(respond(peer, admitted.request()))
                : Source.empty();
    }

    /** Connections that this channel's own closing cuts short are not the peer's fault. */
    private void warnIfRefused(String peer, ServerHandshake.Outcome outcome) {
        if (outcome instanceof ServerHandshake.Refused refused && !closed.get()) {
            LOG.warn("refused a bulk connection to {} from {}, {}", address(), peer, refused.why());
        }
    }

    private Source<ByteString, NotUsed> respond(String peer, TensorFrames.Request request) {
        if (request.magic() != TensorFrames.MAGIC) {
            LOG.warn("a bulk connection to {} from {} sent a request this version does not read (magic {})", address(),
                    peer, Integer.toHexString(request.magic()));
            throw new IllegalStateException("the request is not in this version's format");
        }
        float[] values = published.get(request.id());
        if (values == null) {
            return Source.single(TensorFrames.header(TensorFrames.UNKNOWN, 0));
        }
        if (values.length != request.length()) {
            return Source.single(TensorFrames.header(TensorFrames.OTHER_LENGTH, values.length));
        }
        return TensorFrames.found(values);
    }

    /**
     * @param admitted       whether plaintext got through (TLS), or true where the handshake logs its refusals
     * @param plaintextPeer  whether the peer opened as a channel without encryption
     */
    private void served(String peer, boolean admitted, boolean plaintextPeer, Throwable failure) {
        if (failure == null || failure instanceof FetchFailures.ChannelClosed) {
            return;
        }
        if (!admitted && plaintextPeer) {
            LOG.warn("refused a bulk connection to {} from {}, {}", address(), peer, BulkAuthentication.PLAINTEXT_CLIENT);
        } else if (!admitted && FetchFailures.find(failure, SSLException.class).isPresent()) {
            LOG.warn("refused a bulk connection to {} from {}, which does not hold the shared secret ({})", address(),
                    peer, reason(failure));
        } else {
            // The fetch's own error tells its caller; here it is only a lost connection.
            LOG.debug("a bulk connection to {} from {} ended early: {}", address(), peer, reason(failure));
        }
    }

    private boolean isMine(TensorRef ref) {
        return ref.port() == port() && ref.host().equals(host);
    }

    private String address() {
        return host + ":" + port();
    }

    /** The innermost message: Pekko and the JDK wrap the cause that names what happened. */
    static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
