package io.bigtransfer.actors.daemon;

import io.bigtransfer.actors.remote.MessageRegistry;
import io.bigtransfer.actors.remote.RemoteMessage;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What consoles ask of the daemon, over remoting (every type is registered in {@link #messages()}).
 * Every request is answered with one {@link Answer}: whether it was done, and the text to show
 * (one line, or one line per job or node).
 */
public final class DaemonProtocol {
    private DaemonProtocol() {
    }

    /** Where a daemon's console requests go: {@code pekko://bit@HOST:PORT/user/console}. */
    public static final String GATEWAY_NAME = "console";

    public interface Request extends RemoteMessage {
    }

    /** A job config (the text of a file {@code bit train --config} takes); relative paths start at {@code baseDirectory}. */
    public record Submit(String configText, String baseDirectory, ActorRef<Answer> replyTo) implements Request {
    }

    public record ListJobs(ActorRef<Answer> replyTo) implements Request {
    }

    public record Status(ActorRef<Answer> replyTo) implements Request {
    }

    /** An operator's command for one job. {@code value} is the learning rate of {@link JobAction#SET_LR}. */
    public record Control(String jobId, JobAction action, double value, ActorRef<Answer> replyTo) implements Request {
    }

    /** The nodes of the cluster and their state. */
    public record ListWorkers(ActorRef<Answer> replyTo) implements Request {
    }

    /** Let a node leave the cluster gracefully; {@code node} is its HOST:PORT. */
    public record Drain(String node, ActorRef<Answer> replyTo) implements Request {
    }

    /** Stop taking jobs, checkpoint the running ones (they continue when the daemon starts again), and exit. */
    public record Shutdown(ActorRef<Answer> replyTo) implements Request {
    }

    public enum JobAction { CANCEL, PAUSE, RESUME, SET_LR, CHECKPOINT, EVAL }

    public record Answer(boolean ok, String text) implements RemoteMessage {
    }

    /** The fixed ids under which the protocol travels; daemons and consoles must agree on them. */
    public static MessageRegistry messages() {
        return MessageRegistry.builder()
                .register(200, Submit.class)
                .register(201, ListJobs.class)
                .register(202, Status.class)
                .register(203, Control.class)
                .register(204, JobAction.class)
                .register(205, ListWorkers.class)
                .register(206, Drain.class)
                .register(207, Shutdown.class)
                .register(208, Answer.class)
                .build();
    }
}
