package io.bigtransfer.actors.bench;

import io.bigtransfer.actors.bench.AllReduceProtocol.Chunk;
import java.util.Arrays;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The Artery path of the all-reduce bench: an array sent as {@link Chunk} messages of 1 MiB (the
 * bulk channel's chunk size) to a large-message destination, with a window of unacknowledged
 * chunks per destination. Artery has no backpressure of its own: without the window a 100 MB array
 * would sit in its outbound queue at once, and a long enough one would overflow it (256 messages)
 * and be dropped.
 */
final class ArteryChunks {
    static final int CHUNK_FLOATS = (1 << 20) / Float.BYTES;
    private static final int WINDOW = 8;

    private ArteryChunks() {
    }

    /** One array on its way to one destination; not thread-safe (one node's thread drives it). */
    static final class Sender {
        private final float[] values;
        private final int node;
        private final int round;
        private final ActorRef<Object> destination;
        private int next;
        private int inFlight;

        /** @param node the array's node (0 for the sum) */
        Sender(float[] values, int node, int round, ActorRef<Object> destination) {
            this.values = values;
            this.node = node;
            this.round = round;
            this.destination = destination;
        }

        /** Sends chunks until the window is full or the array is sent. */
        void fill() {
            while (inFlight < WINDOW && next < values.length) {
                int end = Math.min(values.length, next + CHUNK_FLOATS);
                // A copy: the message is serialized later, on Artery's thread.
                destination.tell(new Chunk(node, round, next, Arrays.copyOfRange(values, next, end)));
                next = end;
                inFlight++;
            }
        }

        void acknowledged() {
            inFlight--;
            fill();
        }

        boolean finished() {
            return next == values.length && inFlight == 0;
        }
    }

    /** Chunks of one array arriving in any order. */
    static final class Assembly {
        private final float[] target;
        private long received;

        Assembly(float[] target) {
            this.target = target;
        }

        void add(Chunk chunk) {
            System.arraycopy(chunk.values(), 0, target, chunk.offset(), chunk.values().length);
            received += chunk.values().length;
        }

        boolean complete() {
            return received == target.length;
        }
    }
}
