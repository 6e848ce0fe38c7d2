package io.bigtransfer.actors.training;

import io.bigtransfer.backend.WeightedGradient;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A worker's answer for range {@code range} of one global batch: the range's mean gradient, or why
 * it has none. {@code worker} is who answered: a range given up on one worker may be answered by
 * another.
 */
public sealed interface SliceReply {
    long step();

    int range();

    ActorRef<Worker.Command> worker();

    record SliceGradient(long step, int range, ActorRef<Worker.Command> worker, WeightedGradient gradient)
            implements SliceReply {
    }

    record SliceFailed(long step, int range, ActorRef<Worker.Command> worker, String reason) implements SliceReply {
    }
}
