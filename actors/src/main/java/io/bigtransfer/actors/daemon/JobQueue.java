package io.bigtransfer.actors.daemon;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigException;
import io.bigtransfer.actors.daemon.DaemonProtocol.Answer;
import io.bigtransfer.actors.daemon.DaemonProtocol.Control;
import io.bigtransfer.actors.daemon.DaemonProtocol.JobAction;
import io.bigtransfer.actors.training.Coordinator;
import io.bigtransfer.actors.training.ExternalWorkers;
import io.bigtransfer.actors.training.TrainingEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The daemon's job queue: jobs run in submission order, at most {@code concurrentJobs} at a time,
 * each on its own thread ({@link RunningJob}); every state change is stored first
 * ({@link JobStore}), so a restarted daemon picks up where it stopped: queued and running jobs run
 * (running ones from their latest checkpoint), paused ones run and pause again at once. Operators'
 * commands for a running job go to its coordinator and are answered within {@link #ANSWER_WITHIN}.
 */
public final class JobQueue extends AbstractBehavior<JobQueue.Message> {
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(1);

    /** Requests from consoles and the queue's own notes to itself. */
    public interface Message {
    }

    private record External(DaemonProtocol.Request request) implements Message {
    }

    private record JobEnded(String id, TrainingEvent end) implements Message {
    }

    private record Relay(ActorRef<Answer> replyTo, String id, JobAction action, Coordinator.ControlReply reply,
                         Throwable failure) implements Message {
    }

    private final JobStore store;
    private final int concurrentJobs;
    private final Map<String, JobRecord> jobs = new LinkedHashMap<>();
    private final Map<String, RunningJob> running = new LinkedHashMap<>();
    /** Jobs stored as paused when the daemon stopped: they pause again as soon as they run. */
    private final List<String> pauseWhenRunning = new ArrayList<>();
    private final List<String> cancelling = new ArrayList<>();
    private final Instant started = Instant.now();
    private boolean shuttingDown;
    private final Optional<ExternalWorkers> externalWorkers;

    private JobQueue(ActorContext<Message> context, JobStore store, int concurrentJobs,
                     Optional<ExternalWorkers> externalWorkers) {
        super(context);
        this.store = store;
        this.concurrentJobs = concurrentJobs;
        this.externalWorkers = externalWorkers;
        for (JobRecord record : store.list()) {
            jobs.put(record.id(), record);
            if (record.state() == JobState.PAUSED) {
                pauseWhenRunning.add(record.id());
            }
            if (record.state() == JobState.RUNNING || record.state() == JobState.PAUSED) {
                update(record.withState(JobState.QUEUED, "continues from its latest checkpoint"));
            }
        }
        startWhatFits();
    }

    /** The queue behind a daemon; consoles talk to {@link #requests}. Its jobs train in this JVM alone. */
    public static Behavior<Message> create(JobStore store, int concurrentJobs) {
        return create(store, concurrentJobs, Optional.empty());
    }

    /** A queue whose jobs also train on {@code externalWorkers} (the cluster's worker nodes). */
    public static Behavior<Message> create(JobStore store, int concurrentJobs, Optional<ExternalWorkers> externalWorkers) {
        return Behaviors.setup(context -> new JobQueue(context, store, concurrentJobs, externalWorkers));
    }

    /** Wraps the console protocol for this actor. */
    public static Message request(DaemonProtocol.Request request) {
        return new External(request);
    }

    @Override
    public Receive<Message> createReceive() {
        return newReceiveBuilder()
                .onMessage(External.class, external -> onRequest(external.request()))
                .onMessage(JobEnded.class, this::onJobEnded)
                .onMessage(Relay.class, this::onRelay)
                .build();
    }

    private Behavior<Message> onRequest(DaemonProtocol.Request request) {
        if (request instanceof DaemonProtocol.Submit submit) {
            submit.replyTo().tell(submit(submit));
        } else if (request instanceof DaemonProtocol.ListJobs list) {
            list.replyTo().tell(new Answer(true, jobs.isEmpty() ? "no jobs" : String.join("\n",
                    jobs.values().stream().map(this::describe).toList())));
        } else if (request instanceof DaemonProtocol.Status status) {
            status.replyTo().tell(new Answer(true, status()));
        } else if (request instanceof Control control) {
            return onControl(control);
        } else if (request instanceof DaemonProtocol.Shutdown shutdown) {
            return onShutdown(shutdown);
        }
        return this;
    }

    private Answer submit(DaemonProtocol.Submit submit) {
        if (shuttingDown) {
            return new Answer(false, "the daemon is shutting down and takes no new jobs.");
        }
        try {
            ConfigFactory.parseString(submit.configText());
        } catch (ConfigException e) {
            return new Answer(false, "the job config is not valid HOCON: " + e.getMessage() + ".");
        }
        JobRecord record;
        try {
            record = store.create(submit.configText(), Path.of(submit.baseDirectory()));
        } catch (RuntimeException e) {
            return new Answer(false, "the job could not be stored: " + e.getMessage() + ".");
        }
        jobs.put(record.id(), record);
        startWhatFits();
        return new Answer(true, "submitted " + record.id() + " (" + jobs.get(record.id()).state().label() + ")");
    }

    private Behavior<Message> onControl(Control control) {
        JobRecord record = jobs.get(control.jobId());
        if (record == null) {
            control.replyTo().tell(new Answer(false, "no job named " + control.jobId() + "; `jobs` lists them."));
            return this;
        }
        RunningJob job = running.get(record.id());
        if (control.action() == JobAction.CANCEL) {
            control.replyTo().tell(cancel(record, job));
            return this;
        }
        if (job == null) {
            control.replyTo().tell(new Answer(false, record.id() + " is " + record.state().label()
                    + "; only a running or paused job takes that command."));
            return this;
        }
        Optional<ActorRef<Coordinator.Command>> coordinator = job.coordinator();
        if (coordinator.isEmpty()) {
            control.replyTo().tell(new Answer(false, record.id() + " is still setting up; try again in a moment."));
            return this;
        }
        Function<ActorRef<Coordinator.ControlReply>, Coordinator.Command> command = switch (control.action()) {
            case PAUSE -> Coordinator.Pause::new;
            case RESUME -> Coordinator.Resume::new;
            case SET_LR -> replyTo -> new Coordinator.SetLearningRate(control.value(), replyTo);
            case CHECKPOINT -> Coordinator.SaveNow::new;
            case EVAL -> Coordinator.EvaluateNow::new;
            case CANCEL -> throw new IllegalStateException("cancel is handled above");
        };
        getContext().ask(Coordinator.ControlReply.class, coordinator.get(), ANSWER_WITHIN, command::apply,
                (reply, failure) -> new Relay(control.replyTo(), record.id(), control.action(), reply, failure));
        return this;
    }

    private Answer cancel(JobRecord record, RunningJob job) {
        if (record.state().isFinal()) {
            return new Answer(false, record.id() + " is " + record.state().label() + " already.");
        }
        if (job == null) {
            update(record.withState(JobState.CANCELLED, "cancelled before it ran"));
            return new Answer(true, "cancelled " + record.id() + ".");
        }
        cancelling.add(record.id());
        job.requestStop();
        return new Answer(true, "cancelling " + record.id() + " after its current step; its checkpoint is kept.");
    }

    private Behavior<Message> onRelay(Relay relay) {
        if (relay.failure() != null) {
            relay.replyTo().tell(new Answer(false, relay.id() + " did not answer within " + ANSWER_WITHIN.toMillis()
                    + " ms."));
            return this;
        }
        JobRecord record = jobs.get(relay.id());
        if (relay.reply().accepted() && record != null && running.containsKey(relay.id())) {
            if (relay.action() == JobAction.PAUSE) {
                update(record.withState(JobState.PAUSED, ""));
            } else if (relay.action() == JobAction.RESUME) {
                update(record.withState(JobState.RUNNING, ""));
            }
        }
        relay.replyTo().tell(new Answer(relay.reply().accepted(), relay.id() + ": " + relay.reply().message()));
        return this;
    }

    private Behavior<Message> onJobEnded(JobEnded ended) {
        running.remove(ended.id());
        JobRecord record = jobs.get(ended.id());
        TrainingEvent end = ended.end();
        if (end instanceof TrainingEvent.Finished finished) {
            update(record.withState(JobState.DONE, "trained " + finished.step() + " steps" + finished.lastEvaluation()
                    .map(report -> String.format(Locale.ROOT, "; top-1 %.1f%%", 100 * report.top1())).orElse("")));
        } else if (end instanceof TrainingEvent.Failed failed) {
            update(record.withState(JobState.FAILED, failed.reason()));
        } else if (end instanceof TrainingEvent.Stopped stopped) {
            if (cancelling.remove(ended.id())) {
                update(record.withState(JobState.CANCELLED, "cancelled at step " + stopped.step()));
            } else {
                // Stopped by a daemon shutdown: it stays running on disk and continues at the next start.
                pauseWhenRunning.remove(ended.id());
                if (record.state() == JobState.PAUSED) {
                    pauseWhenRunning.add(ended.id());
                }
                store.save(record.withState(record.state(), "stopped at step " + stopped.step() + " by a shutdown"));
            }
        }
        if (shuttingDown) {
            return running.isEmpty() ? Behaviors.stopped() : this;
        }
        startWhatFits();
        return this;
    }

    /** Answered at once; the queue stops when its running jobs have checkpointed their current step. */
    private Behavior<Message> onShutdown(DaemonProtocol.Shutdown shutdown) {
        shutdown.replyTo().tell(new Answer(true, running.isEmpty() ? "stopping the daemon."
                : "stopping the daemon once its " + running.size() + " running jobs have checkpointed their current step;"
                + " they continue at its next start."));
        if (shuttingDown) {
            return this;
        }
        shuttingDown = true;
        if (running.isEmpty()) {
            return Behaviors.stopped();
        }
        running.values().forEach(RunningJob::requestStop);
        return this;
    }

    private void startWhatFits() {
        for (JobRecord record : List.copyOf(jobs.values())) {
            if (running.size() >= concurrentJobs || shuttingDown) {
                return;
            }
            if (record.state() != JobState.QUEUED) {
                continue;
            }
            boolean pause = pauseWhenRunning.remove(record.id());
            update(record.withState(pause ? JobState.PAUSED : JobState.RUNNING, record.note()));
            ActorRef<Message> self = getContext().getSelf();
            RunningJob job = RunningJob.start(record.id(), store.configFile(record.id()), record.baseDirectory(),
                    store.folder(record.id()), externalWorkers, end -> self.tell(new JobEnded(record.id(), end)));
            running.put(record.id(), job);
            if (pause) {
                job.pauseAsSoonAsItRuns();
            }
        }
    }

    private void update(JobRecord record) {
        store.save(record);
        jobs.put(record.id(), record);
    }

    private String describe(JobRecord record) {
        RunningJob job = running.get(record.id());
        String line = record.id() + " " + record.state().label();
        if (job != null) {
            line += " " + job.progress();
        }
        if (!record.note().isEmpty()) {
            line += " (" + record.note() + ")";
        }
        return line;
    }

    private String status() {
        Map<JobState, Long> counts = new LinkedHashMap<>();
        for (JobRecord record : jobs.values()) {
            counts.merge(record.state(), 1L, Long::sum);
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((state, count) -> parts.add(count + " " + state.label()));
        long minutes = Duration.between(started, Instant.now()).toMinutes();
        return "daemon up " + minutes + " min; " + jobs.size() + " jobs" + (parts.isEmpty() ? "" : ": "
                + String.join(", ", parts)) + "; at most " + concurrentJobs + " training at a time";
    }
}
