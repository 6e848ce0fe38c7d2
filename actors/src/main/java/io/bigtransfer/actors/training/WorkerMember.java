package io.bigtransfer.actors.training;

import org.apache.pekko.actor.typed.ActorRef;

/** A worker taking part in a job, and the name operators see for it (e.g. {@code local-0}, a node's address). */
public record WorkerMember(ActorRef<Worker.Command> ref, String name) {
}
