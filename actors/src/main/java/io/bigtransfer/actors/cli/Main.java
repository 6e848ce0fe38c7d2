package io.bigtransfer.actors.cli;

import io.bigtransfer.config.BitConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;

/**
 * The {@code bit} command line. Errors are one sentence on stderr and a non-zero exit; the stack
 * trace only with {@code --verbose}.
 */
public final class Main {
    private static final String HELP = """
            usage: bit COMMAND [options] [key=value ...]

            commands:
              demo                                   train the bundled demo (Fashion-MNIST subset) and report
              train [--config FILE] [key=value ...]  one training job in the foreground
              eval --checkpoint PATH --data DIR      top-1, top-5, loss and per-class accuracy of a checkpoint
              predict --weights FILE (--npy IN.npy --out OUT.npy | IMAGE...) [--labels FILE]
                                                     float32 logits of NCHW inputs, or each image's top-5
                                                     classes (FILE: official .npz or checkpoint)
              export --checkpoint PATH --npz OUT.npz the model in the official BiT .npz format
              fewshot --shots K[,K...] [--episodes E] [--ways N] [--linear-probe] [--l2 L]
                      [--config FILE] [key=value ...]
                                                     few-shot top-1 (mean, spread) over E episodes of N
                                                     classes (default all) with K training images each:
                                                     fine-tuning (HyperRule) or a closed-form linear probe
              shard --input DIR --output DIR|s3://BUCKET/PREFIX [--per-shard N] [key=value ...]
                                                     pack an image folder into tar shards with their index
              daemon [--config FILE] [key=value ...]
                                                     the long-running node: job queue, cluster seed,
                                                     consoles; prints "daemon ready at HOST:PORT"
              worker --join HOST:PORT [--config FILE] [key=value ...]
                                                     a worker node: joins the daemon's cluster and
                                                     computes its jobs' ranges; prints "worker ready
                                                     at HOST:PORT"
              console --connect HOST:PORT [--exec "CMD; CMD"] [key=value ...]
                                                     the operator console (help lists its commands)
              bench train [--model NAME] [--resolution R] [--batch B] [--steps N] [--warmup W]
                                                     images/s, GFLOP/s and peak RSS of the training step
                                                     (1000-class head, random data); last line JSON;
                                                     --peer: PyTorch on the same weights, same run
              bench pipeline --data DIR --transform upstream|downstream [--threads N] [--peer]
                                                     images/s of the input stream (224x224 batches of
                                                     64); --peer: a torchvision DataLoader; last line JSON
              bench stream --data DIR [--images 1000000] [--report-every 100000]
                                                     the training stream over many epochs (32x32, batch
                                                     128) with the heap after GC at every report; last
                                                     line JSON with a flat/growing verdict
              bench allreduce [--nodes 3] [--mb 100] [--rounds 5]
                                                     an all-reduce of a gradient across local JVMs over
                                                     the bulk channel (TLS and unencrypted) and Artery,
                                                     against raw loopback TCP in the same run; last
                                                     line JSON

            options:
              --verbose   log more, and print stack traces of errors
              --help      this text

            key=value overrides any setting, e.g. bit.train.steps=50 bit.model.units=[1,1,1,1]
            """;

    private Main() {
    }

    public static void main(String[] args) {
        List<String> arguments = new ArrayList<>(List.of(args));
        boolean verbose = arguments.remove("--verbose");
        // Read by logback.xml; set before the first logger exists.
        System.setProperty("bit.log.level", verbose ? "INFO" : "WARN");
        PrintStream stdout = LibraryOutputFilter.install(System.err);
        System.exit(run(arguments, stdout, System.err, verbose));
    }

    /** Runs one command line; the exit code is returned, never passed to System.exit. */
    public static int run(List<String> args, PrintStream out, PrintStream err, boolean verbose) {
        if (args.isEmpty() || args.contains("--help") || args.get(0).equals("help")) {
            out.print(HELP);
            return args.isEmpty() ? 2 : 0;
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        try {
            return switch (command) {
                case "demo" -> TrainCommand.run(BitConfig.loadPreset("demo", demoSettings(rest)), bitHome(), out);
                case "train" -> {
                    Arguments parsed = Arguments.parse(rest, Set.of("--config"), Set.of());
                    yield TrainCommand.run(BitConfig.load(parsed.option("--config").map(Path::of), parsed.words()),
                            Path.of("").toAbsolutePath(), out);
                }
                case "eval" -> EvalCommand.run(Arguments.parse(rest, Set.of("--checkpoint", "--data"), Set.of()), out);
                case "predict" -> PredictCommand.run(
                        Arguments.parse(rest, Set.of("--weights", "--npy", "--out", "--labels"), Set.of()), out);
                case "export" -> ExportCommand.run(Arguments.parse(rest, Set.of("--checkpoint", "--npz"), Set.of()), out);
                case "fewshot" -> FewShotCommand.run(Arguments.parse(rest,
                        Set.of("--shots", "--episodes", "--ways", "--l2", "--config"), Set.of("--linear-probe")), out);
                case "daemon" -> {
                    Arguments parsed = Arguments.parse(rest, Set.of("--config"), Set.of());
                    yield DaemonCommand.run(BitConfig.load(parsed.option("--config").map(Path::of), parsed.words()), out);
                }
                case "worker" -> WorkerCommand.run(Arguments.parse(rest, Set.of("--join", "--config"), Set.of()), out);
                case "console" -> ConsoleCommand.run(Arguments.parse(rest, Set.of("--connect", "--exec"), Set.of()), out);
                case "shard" -> ShardCommand.run(Arguments.parse(rest, Set.of("--input", "--output", "--per-shard"),
                        Set.of()), out);
                case "bench" -> BenchCommand.run(rest, out);
                default -> throw new UsageException("unknown command '" + command + "'; see bit --help.");
            };
        } catch (RuntimeException e) {
            err.println("error: " + sentence(e));
            if (verbose) {
                e.printStackTrace(err);
            }
            return e instanceof UsageException ? 2 : 1;
        }
    }

    /**
     * Every demo run trains afresh in a folder of its own under {@code runs/demo}: a shared folder
     * would be continued, as {@code bit train} continues from the latest checkpoint in its folder.
     */
    private static List<String> demoSettings(List<String> args) {
        List<String> settings = new ArrayList<>();
        String started = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
        settings.add("bit.checkpoint.dir=runs/demo/" + started + "-" + ProcessHandle.current().pid());
        settings.addAll(Arguments.parse(args, Set.of(), Set.of()).words());
        return settings;
    }

    /** The demo's data and run folder live in the installation ({@code bin/bit} sets {@code bit.home}). */
    private static Path bitHome() {
        return Path.of(Optional.ofNullable(System.getProperty("bit.home")).orElse("")).toAbsolutePath();
    }

    private static String sentence(Throwable error) {
        Throwable cause = error;
        while ((cause.getMessage() == null || cause instanceof CompletionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        return message.matches("(?s).*[.?!]") ? message : message + ".";
    }
}
