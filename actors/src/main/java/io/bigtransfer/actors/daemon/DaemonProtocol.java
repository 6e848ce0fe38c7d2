package io.bigtransfer.actors.daemon;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * What consoles ask of the daemon. Every request is answered with one {@link Answer}: whether it
 * was done, and the text to show (one line, or one line per job for {@link ListJobs}).
 */
public final class DaemonProtocol {
    private DaemonProtocol() {
    }

    public interface Request {
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

    /** Stop taking jobs, checkpoint the running ones (they continue when the daemon starts again), and exit. */
    public record Shutdown(ActorRef<Answer> replyTo) implements Request {
    }

    public enum JobAction { CANCEL, PAUSE, RESUME, SET_LR, CHECKPOINT, EVAL }

    public record Answer(boolean ok, String text) {
    }
}
