package io.bigtransfer.actors.bench;

import io.bigtransfer.actors.bench.AllReduceProtocol.Chunk;
import io.bigtransfer.actors.bench.AllReduceProtocol.ChunkAck;
import io.bigtransfer.actors.bench.AllReduceProtocol.Contribution;
import io.bigtransfer.actors.bench.AllReduceProtocol.Done;
import io.bigtransfer.actors.bench.AllReduceProtocol.Hello;
import io.bigtransfer.actors.bench.AllReduceProtocol.BulkPath;
import io.bigtransfer.actors.bench.AllReduceProtocol.StartRound;
import io.bigtransfer.actors.bench.AllReduceProtocol.Stop;
import io.bigtransfer.actors.bench.AllReduceProtocol.Sum;
import io.bigtransfer.actors.remote.ClusterTls;
import io.bigtransfer.actors.remote.SharedSecret;
import io.bigtransfer.actors.remote.bulk.TensorChannel;
import io.bigtransfer.actors.remote.bulk.TensorRef;
import io.bigtransfer.config.ClusterSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * {@code bit bench allreduce}: an all-reduce of an {@code mb}-MB float gradient per node across
 * {@code nodes} JVMs on this machine. This process is node 0, the coordinator; the others are
 * {@link AllReduceWorker}s. A round gathers every gradient at node 0, sums them in node order and
 * hands the sum to every other node, which checks it float for float. It runs over the bulk
 * channel with TLS and without encryption and over Artery chunks, and measures plain loopback TCP
 * and the JDK's TLS sockets with the same byte count.
 */
public final class AllReduceBenchmark {
    private static final Duration START_PATIENCE = Duration.ofMinutes(2);
    private static final Duration ROUND_PATIENCE = Duration.ofMinutes(2);
    private static final long STOP_PATIENCE_SECONDS = 15;

    /**
     * @param megabytes the gradient per node, in MB of 10^6 bytes
     * @param warmUp    untimed rounds per path before the timed ones (JIT, connections)
     */
    public record Settings(int nodes, int megabytes, int warmUp, int rounds, boolean tcpTls, boolean tcpPlain,
            boolean artery) {
        int floats() {
            return (int) (megabytes * 1_000_000L / Float.BYTES);
        }

        long gradientBytes() {
            return (long) floats() * Float.BYTES;
        }

        /** What crosses the connections in one round: every other node's gradient in, the sum out to each. */
        long bytesPerRound() {
            return 2L * (nodes - 1) * gradientBytes();
        }
    }

    /**
     * Seconds of each timed round (empty where a path was not measured) and of each raw loopback
     * transfer of one gradient, plain and with the JDK's TLS.
     */
    public record Result(double[] tcpTlsSeconds, double[] tcpPlainSeconds, double[] arterySeconds, double[] rawSeconds,
            double[] rawTlsSeconds) {
    }

    private final Settings settings;
    private final Consumer<String> out;
    private final BenchNode self;
    private final NodeProcesses workers;
    private final float[] gradient;
    private final float[] sum;
    /** Nodes 1 to n - 1, in node order. */
    private final List<Peer> peers = new ArrayList<>();
    /** Rounds of both paths, warm-up included, are numbered 1, 2, ... in the order they run. */
    private int roundsRun;

    /** A worker's two actors. */
    private record Peer(ActorRef<Object> control, ActorRef<Object> bulk) {
    }

    private AllReduceBenchmark(Settings settings, Consumer<String> out, BenchNode self, NodeProcesses workers) {
        this.settings = settings;
        this.out = out;
        this.self = self;
        this.workers = workers;
        this.gradient = BenchGradients.of(0, settings.floats());
        this.sum = new float[settings.floats()];
    }

    public static Result run(Settings settings, Consumer<String> out) {
        Path secretFolder = privateFolder();
        try {
            SharedSecret secret = SharedSecret.readOrCreate(
                    new ClusterSettings("127.0.0.1", 0, secretFolder.resolve("secret")));
            ClusterTls tls = ClusterTls.create(secret);
            try (BenchNode self = BenchNode.start(tls, "node 0");
                 NodeProcesses workers = NodeProcesses.start(settings.nodes(), settings.floats(), self.address(),
                         secret.token(), workerHeapMegabytes(settings), out)) {
                AllReduceBenchmark bench = new AllReduceBenchmark(settings, out, self, workers);
                bench.awaitWorkers();
                double[] tcpTls = settings.tcpTls() ? bench.rounds(BulkPath.TCP_TLS) : new double[0];
                double[] tcpPlain = settings.tcpPlain() ? bench.rounds(BulkPath.TCP_PLAIN) : new double[0];
                double[] artery = settings.artery() ? bench.rounds(BulkPath.ARTERY) : new double[0];
                bench.peers.forEach(peer -> peer.control().tell(new Stop()));
                workers.awaitExit(STOP_PATIENCE_SECONDS);
                return new Result(tcpTls, tcpPlain, artery, raw(settings, "raw loopback TCP", RawLoopback::plain, out),
                        raw(settings, "raw loopback TLS (JDK sockets)", bytes -> RawLoopback.tls(bytes, tls), out));
            }
        } finally {
            deleteQuietly(secretFolder);
        }
    }

    private void awaitWorkers() {
        Peer[] byNode = new Peer[settings.nodes()];
        for (int i = 1; i < settings.nodes(); i++) {
            Hello hello = self.expect(Hello.class, START_PATIENCE, workers::checkAlive);
            byNode[hello.node()] = new Peer(hello.control(), hello.bulk());
        }
        peers.addAll(Arrays.asList(byNode).subList(1, settings.nodes()));
        out.accept(settings.nodes() - 1 + " worker JVMs are up");
    }

    /** The untimed warm-up rounds, then the timed rounds. */
    private double[] rounds(BulkPath path) {
        String name = path.key();
        for (int round = 1; round <= settings.warmUp(); round++) {
            out.accept(String.format(Locale.ROOT, "%s warm-up round %d: %.3f s", name, round, round(path)));
        }
        double[] seconds = new double[settings.rounds()];
        for (int round = 1; round <= settings.rounds(); round++) {
            seconds[round - 1] = round(path);
            out.accept(String.format(Locale.ROOT, "%s round %d: %.3f s, %.0f MB/s over the connections", name, round,
                    seconds[round - 1], settings.bytesPerRound() / 1e6 / seconds[round - 1]));
        }
        return seconds;
    }

    private double round(BulkPath path) {
        int round = ++roundsRun;
        long start = System.nanoTime();
        peers.forEach(peer -> peer.control().tell(new StartRound(round, path)));
        if (path == BulkPath.ARTERY) {
            arteryRound(round);
        } else {
            tcpRound(round, self.channel(path));
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Gathers the gradients' refs, fetches them all at once, sums in node order and publishes the sum. */
    private void tcpRound(int round, TensorChannel channel) {
        TensorRef[] refs = new TensorRef[settings.nodes()];
        for (int i = 1; i < settings.nodes(); i++) {
            Contribution contribution = self.expect(Contribution.class, ROUND_PATIENCE, workers::checkAlive);
            refs[contribution.node()] = contribution.gradient();
        }
        List<CompletableFuture<float[]>> fetches = new ArrayList<>();
        for (int node = 1; node < settings.nodes(); node++) {
            fetches.add(channel.fetch(refs[node]).toCompletableFuture());
        }
        System.arraycopy(gradient, 0, sum, 0, sum.length);
        for (CompletableFuture<float[]> fetch : fetches) {
            BenchGradients.add(sum, await(fetch));
        }
        TensorRef ref = channel.publish(sum);
        peers.forEach(peer -> peer.control().tell(new Sum(round, ref)));
        awaitDone(round, unexpected -> false);
        channel.release(ref);
    }

    /** Receives every gradient in chunks, sums in node order and sends the sum to each worker in chunks. */
    private void arteryRound(int round) {
        float[][] received = new float[settings.nodes()][];
        List<ArteryChunks.Assembly> assemblies = new ArrayList<>();
        assemblies.add(null);
        for (int node = 1; node < settings.nodes(); node++) {
            received[node] = new float[settings.floats()];
            assemblies.add(new ArteryChunks.Assembly(received[node]));
        }
        for (int incomplete = settings.nodes() - 1; incomplete > 0; ) {
            Chunk chunk = self.expect(Chunk.class, ROUND_PATIENCE, workers::checkAlive);
            ArteryChunks.Assembly assembly = assemblies.get(chunk.node());
            assembly.add(chunk);
            peers.get(chunk.node() - 1).control().tell(new ChunkAck(0, round, chunk.offset()));
            if (assembly.complete()) {
                incomplete--;
            }
        }
        System.arraycopy(gradient, 0, sum, 0, sum.length);
        for (int node = 1; node < settings.nodes(); node++) {
            BenchGradients.add(sum, received[node]);
        }
        List<ArteryChunks.Sender> senders = new ArrayList<>();
        for (Peer peer : peers) {
            ArteryChunks.Sender sender = new ArteryChunks.Sender(sum, 0, round, peer.bulk());
            sender.fill();
            senders.add(sender);
        }
        awaitDone(round, message -> {
            if (message instanceof ChunkAck ack) {
                senders.get(ack.node() - 1).acknowledged();
                return true;
            }
            return false;
        });
    }

    /** Waits for every worker's Done; {@code other} handles any other message and says whether it could. */
    private void awaitDone(int round, Predicate<Object> other) {
        for (int done = 0; done < settings.nodes() - 1; ) {
            Object message = self.next("Done", ROUND_PATIENCE, workers::checkAlive);
            if (message instanceof Done answer) {
                if (!answer.exact()) {
                    throw new IllegalStateException("node " + answer.node() + " received a sum in round " + round
                            + " that is not the exact sum of the gradients.");
                }
                done++;
            } else if (!other.test(message)) {
                throw new IllegalStateException("node 0 expected Done but got " + message + ".");
            }
        }
    }

    /** One untimed transfer of a gradient's bytes, then as many timed ones as there are rounds. */
    private static double[] raw(Settings settings, String name, ToDoubleFunction<Long> transfer,
            Consumer<String> out) {
        transfer.applyAsDouble(settings.gradientBytes());
        double[] seconds = new double[settings.rounds()];
        for (int i = 0; i < seconds.length; i++) {
            seconds[i] = transfer.applyAsDouble(settings.gradientBytes());
            out.accept(String.format(Locale.ROOT, "%s %d: %.3f s for %d MB, %.0f MB/s", name, i + 1, seconds[i],
                    settings.megabytes(), settings.gradientBytes() / 1e6 / seconds[i]));
        }
        return seconds;
    }

    private static float[] await(CompletableFuture<float[]> fetch) {
        try {
            return fetch.get(ROUND_PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("node 0 could not fetch a gradient: " + cause.getMessage(), e);
        }
    }

    /** Room for the gradient, the received sum and the Artery path's assembly, with slack for garbage. */
    private static int workerHeapMegabytes(Settings settings) {
        return 256 + 8 * settings.megabytes();
    }

    private static Path privateFolder() {
        try {
            return Files.createTempDirectory("bit-bench-secret",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("a private temporary folder for the bench's secret cannot be created: "
                    + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path folder) {
        try {
            Files.deleteIfExists(folder.resolve("secret"));
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            // A private temporary folder is left behind.
        }
    }
}
