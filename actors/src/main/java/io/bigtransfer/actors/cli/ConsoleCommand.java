package io.bigtransfer.actors.cli;

import com.typesafe.config.Config;
import io.bigtransfer.actors.daemon.DaemonProtocol;
import io.bigtransfer.actors.remote.ClusterTls;
import io.bigtransfer.actors.remote.RemoteActorSystems;
import io.bigtransfer.actors.remote.SharedSecret;
import io.bigtransfer.config.BitConfig;
import io.bigtransfer.config.ClusterSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * {@code bit console --connect HOST:PORT [--exec "CMD; CMD"] [key=value ...]}: the operator
 * console. It joins nothing: it talks to the daemon's gateway over TLS with the shared secret
 * ({@code BIT_SECRET} or {@code bit.cluster.secret-file}), from a free port on
 * {@code bit.cluster.host}. Interactive, it offers line editing, history
 * ({@code ~/.bit/console_history}) and completion of commands; with {@code --exec} it runs the
 * commands in order, prints their answers, and exits 1 if one failed or went unanswered.
 */
final class ConsoleCommand {
    private static final Duration TERMINATION_LIMIT = Duration.ofSeconds(10);

    private ConsoleCommand() {
    }

    static int run(Arguments arguments, PrintStream out) {
        String daemon = arguments.required("--connect");
        if (!daemon.matches("[^:\\s]+:\\d+")) {
            throw new UsageException("--connect takes HOST:PORT, not '" + daemon + "'.");
        }
        Config config = BitConfig.load(Optional.empty(), arguments.words());
        ClusterSettings settings = ClusterSettings.create(config);
        // A console needs a port of its own, not the daemon's.
        ClusterSettings console = BitConfig.isSetByUser(config, "bit.cluster.port") ? settings
                : new ClusterSettings(settings.host(), 0, settings.secretFile());
        ClusterTls tls = ClusterTls.create(SharedSecret.read(settings));
        ActorSystem<Void> system = RemoteActorSystems.create(Behaviors.empty(), console, tls, DaemonProtocol.messages());
        try {
            ActorRef<DaemonProtocol.Request> gateway = ActorRefResolver.get(system).resolveActorRef(
                    "pekko://" + RemoteActorSystems.SYSTEM_NAME + "@" + daemon + "/user/" + DaemonProtocol.GATEWAY_NAME);
            ConsoleSession session = new ConsoleSession(gateway, system, out, Path.of("").toAbsolutePath());
            Optional<String> commands = arguments.option("--exec");
            return commands.isPresent() ? execute(session, commands.get()) : interact(session, daemon);
        } finally {
            system.terminate();
            try {
                system.getWhenTerminated().toCompletableFuture().get(TERMINATION_LIMIT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                // Leave regardless: a console holds no state.
            }
        }
    }

    private static int execute(ConsoleSession session, String commands) {
        boolean allDone = true;
        for (String command : commands.split(";")) {
            if (!command.isBlank()) {
                allDone &= session.execute(command);
            }
        }
        return allDone ? 0 : 1;
    }

    private static int interact(ConsoleSession session, String daemon) {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("bit console")
                    .completer(new StringsCompleter(ConsoleSession.COMMANDS))
                    .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), ".bit",
                            "console_history"))
                    .build();
            terminal.writer().println("connected to " + daemon + "; `help` lists the commands, `quit` leaves");
            while (true) {
                String line;
                try {
                    line = reader.readLine("bit> ");
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    return 0;
                }
                if (line.isBlank()) {
                    continue;
                }
                if (line.strip().equals("quit") || line.strip().equals("exit")) {
                    return 0;
                }
                session.execute(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the console cannot use this terminal: " + e.getMessage(), e);
        }
    }
}
