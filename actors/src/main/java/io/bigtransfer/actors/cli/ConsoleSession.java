package io.bigtransfer.actors.cli;

import io.bigtransfer.actors.daemon.DaemonProtocol;
import io.bigtransfer.actors.daemon.DaemonProtocol.Answer;
import io.bigtransfer.actors.daemon.DaemonProtocol.JobAction;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * One console connected to a daemon: parses a command line, sends the request to the daemon's
 * gateway and prints its answer. A command the console does not know, a missing argument, or an
 * answer that does not come within {@link #ANSWER_LIMIT} is an error, printed as one sentence.
 */
final class ConsoleSession {
    static final Duration ANSWER_LIMIT = Duration.ofSeconds(10);
    static final List<String> COMMANDS = List.of("status", "jobs", "submit", "cancel", "pause", "resume", "set",
            "checkpoint", "eval", "workers", "drain", "shutdown", "help");
    private static final String HELP = """
            status                daemon state and job counts
            jobs                  one line per job: id, state, progress
            submit FILE.conf      queue a training job (a bit train config file)
            cancel JOB            stop a job after its current step (queued: at once)
            pause JOB / resume JOB
            set JOB lr=VALUE      the learning rate from the next step on (the schedule continues scaled)
            checkpoint JOB        write a checkpoint after the current step
            eval JOB              evaluate after the current step
            workers               the cluster's nodes
            drain NODE            let node HOST:PORT leave the cluster
            shutdown              checkpoint running jobs and stop the daemon
            quit                  leave the console""";

    private final ActorRef<DaemonProtocol.Request> gateway;
    private final ActorSystem<?> system;
    private final PrintStream out;
    private final Path workingDirectory;

    ConsoleSession(ActorRef<DaemonProtocol.Request> gateway, ActorSystem<?> system, PrintStream out,
                   Path workingDirectory) {
        this.gateway = gateway;
        this.system = system;
        this.out = out;
        this.workingDirectory = workingDirectory;
    }

    /** Runs one command line; {@code true} when the daemon did what was asked. */
    boolean execute(String line) {
        String[] words = line.strip().split("\\s+");
        String command = words[0].toLowerCase(Locale.ROOT);
        try {
            Function<ActorRef<Answer>, DaemonProtocol.Request> request = request(command, words);
            if (request == null) {
                out.println(HELP);
                return true;
            }
            Answer answer = AskPattern.ask(gateway, request::apply, ANSWER_LIMIT, system.scheduler())
                    .toCompletableFuture().join();
            out.println(answer.ok() ? answer.text() : "error: " + answer.text());
            return answer.ok();
        } catch (UsageException e) {
            out.println("error: " + e.getMessage());
            return false;
        } catch (CompletionException e) {
            if (e.getCause() instanceof TimeoutException) {
                out.println("error: the daemon did not answer '" + line.strip() + "' within "
                        + ANSWER_LIMIT.toSeconds() + " s.");
                return false;
            }
            throw e;
        }
    }

    /** The request for a command line, or null for {@code help}. */
    private Function<ActorRef<Answer>, DaemonProtocol.Request> request(String command, String[] words) {
        return switch (command) {
            case "help" -> null;
            case "status" -> DaemonProtocol.Status::new;
            case "jobs" -> DaemonProtocol.ListJobs::new;
            case "workers" -> DaemonProtocol.ListWorkers::new;
            case "shutdown" -> DaemonProtocol.Shutdown::new;
            case "submit" -> submit(argument(words, "submit FILE.conf"));
            case "drain" -> replyTo -> new DaemonProtocol.Drain(argument(words, "drain HOST:PORT"), replyTo);
            case "cancel", "pause", "resume", "checkpoint", "eval" -> {
                String job = argument(words, command + " JOB");
                JobAction action = JobAction.valueOf(command.toUpperCase(Locale.ROOT));
                yield replyTo -> new DaemonProtocol.Control(job, action, 0, replyTo);
            }
            case "set" -> setLearningRate(words);
            default -> throw new UsageException("unknown command '" + command + "'; `help` lists the commands.");
        };
    }

    private Function<ActorRef<Answer>, DaemonProtocol.Request> submit(String file) {
        Path path = workingDirectory.resolve(file);
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("cannot read the job config " + path + ": " + e.getMessage() + ".");
        }
        String base = path.toAbsolutePath().getParent().toString();
        return replyTo -> new DaemonProtocol.Submit(text, base, replyTo);
    }

    private static Function<ActorRef<Answer>, DaemonProtocol.Request> setLearningRate(String[] words) {
        if (words.length != 3 || !words[2].startsWith("lr=")) {
            throw new UsageException("set takes a job and lr=VALUE, e.g. set job-0001 lr=0.001.");
        }
        double lr;
        try {
            lr = Double.parseDouble(words[2].substring(3));
        } catch (NumberFormatException e) {
            throw new UsageException("lr must be a number, but is '" + words[2].substring(3) + "'.");
        }
        String job = words[1];
        return replyTo -> new DaemonProtocol.Control(job, JobAction.SET_LR, lr, replyTo);
    }

    private static String argument(String[] words, String usage) {
        if (words.length != 2) {
            throw new UsageException("usage: " + usage + ".");
        }
        return words[1];
    }
}
