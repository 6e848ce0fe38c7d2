package io.bigtransfer.actors.bench;

import io.bigtransfer.actors.bench.AllReduceProtocol.Chunk;
import io.bigtransfer.actors.bench.AllReduceProtocol.ChunkAck;
import io.bigtransfer.actors.bench.AllReduceProtocol.Contribution;
import io.bigtransfer.actors.bench.AllReduceProtocol.Done;
import io.bigtransfer.actors.bench.AllReduceProtocol.Hello;
import io.bigtransfer.actors.bench.AllReduceProtocol.StartRound;
import io.bigtransfer.actors.bench.AllReduceProtocol.Stop;
import io.bigtransfer.actors.bench.AllReduceProtocol.Sum;
import io.bigtransfer.actors.remote.ClusterTls;
import io.bigtransfer.actors.remote.SharedSecret;
import io.bigtransfer.actors.remote.bulk.TensorChannel;
import io.bigtransfer.actors.remote.bulk.TensorRef;
import io.bigtransfer.config.ClusterSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A worker process of {@code bit bench allreduce} (node 1, 2, ...), started by the bench with
 * {@code BIT_SECRET} set: {@code AllReduceWorker NODE NODES FLOATS COORDINATOR_ADDRESS}. It says
 * hello, then takes part in rounds until told to stop; it exits when its parent does.
 */
public final class AllReduceWorker {
    /** Idle time between rounds is the coordinator's to spend; this only bounds a lost coordinator. */
    private static final Duration PATIENCE = Duration.ofMinutes(5);

    private final BenchNode self;
    private final int node;
    private final int nodes;
    private final float[] gradient;
    private final ActorRef<Object> coordinator;
    private final ActorRef<Object> coordinatorBulk;

    private AllReduceWorker(BenchNode self, int node, int nodes, int floats, String coordinatorAddress) {
        this.self = self;
        this.node = node;
        this.nodes = nodes;
        this.gradient = BenchGradients.of(node, floats);
        this.coordinator = self.controlOf(coordinatorAddress);
        this.coordinatorBulk = self.bulkOf(coordinatorAddress);
    }

    public static void main(String[] args) {
        exitWithParent();
        int node = Integer.parseInt(args[0]);
        ClusterTls tls = ClusterTls.create(SharedSecret.read(new ClusterSettings("127.0.0.1", 0, Path.of("unused"))));
        int code = 0;
        try (BenchNode self = BenchNode.start(tls, "node " + node)) {
            new AllReduceWorker(self, node, Integer.parseInt(args[1]), Integer.parseInt(args[2]), args[3]).run();
        } catch (RuntimeException e) {
            System.out.println("failed: " + e.getMessage());
            code = 1;
        }
        System.exit(code);
    }

    private void run() {
        coordinator.tell(new Hello(node, self.control(), self.bulk()));
        while (true) {
            Object message = self.next("round", PATIENCE, () -> { });
            if (message instanceof Stop) {
                return;
            }
            if (!(message instanceof StartRound start)) {
                throw new IllegalStateException("node " + node + " expected a round but got " + message + ".");
            }
            boolean exact = switch (start.path()) {
                case TCP_TLS, TCP_PLAIN -> tcpRound(start.round(), self.channel(start.path()));
                case ARTERY -> arteryRound(start.round());
            };
            coordinator.tell(new Done(node, start.round(), exact));
        }
    }

    private boolean tcpRound(int round, TensorChannel channel) {
        TensorRef mine = channel.publish(gradient);
        coordinator.tell(new Contribution(node, round, mine));
        Sum sum = self.expect(Sum.class, PATIENCE);
        float[] values;
        try {
            values = channel.fetch(sum.sum()).toCompletableFuture().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("node " + node + " could not fetch the sum: " + e.getMessage(), e);
        }
        // The coordinator fetched every gradient before it published the sum.
        channel.release(mine);
        return BenchGradients.isSumOf(values, nodes);
    }

    /**
     * Sends the gradient and receives the sum in one loop: the sum's first chunks (large-message
     * channel) may overtake the coordinator's last acknowledgements (ordinary channel).
     */
    private boolean arteryRound(int round) {
        ArteryChunks.Sender sender = new ArteryChunks.Sender(gradient, node, round, coordinatorBulk);
        float[] sum = new float[gradient.length];
        ArteryChunks.Assembly assembly = new ArteryChunks.Assembly(sum);
        sender.fill();
        while (!sender.finished() || !assembly.complete()) {
            Object message = self.next("chunk", PATIENCE, () -> { });
            if (message instanceof ChunkAck) {
                sender.acknowledged();
            } else if (message instanceof Chunk chunk) {
                assembly.add(chunk);
                coordinator.tell(new ChunkAck(node, round, chunk.offset()));
            } else {
                throw new IllegalStateException("node " + node + " expected chunks but got " + message + ".");
            }
        }
        return BenchGradients.isSumOf(sum, nodes);
    }

    /**
     * The bench keeps this process's stdin open; end of input means the bench has gone (even killed
     * with SIGKILL, when it cannot stop its workers), so the worker goes too.
     */
    private static void exitWithParent() {
        Thread watcher = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // Nothing is ever sent; only the end matters.
                }
            } catch (IOException e) {
                // A broken pipe is the same news.
            }
            Runtime.getRuntime().halt(2);
        }, "exit-with-parent");
        watcher.setDaemon(true);
        watcher.start();
    }
}
