package io.bigtransfer.actors.cli;

import io.bigtransfer.actors.bench.AllReduceBenchmark;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code bench allreduce [--nodes 3] [--mb 100] [--rounds 5] [--warmup 5] [--path all|tcp|tcp-tls|tcp-plain|artery]}:
 * an all-reduce of an MB-sized float gradient per node across NODES JVMs on this machine
 * ({@link AllReduceBenchmark}), over the bulk channel with TLS (tcp-tls) and without encryption
 * (tcp-plain; tcp is both) and over Artery chunks, against plain loopback TCP and TLS (JDK sockets)
 * with the same byte count. A path's rate is the bytes that cross the connections in a round,
 * 2 (NODES - 1) MB, over the median round's seconds; a raw rate is MB over the median transfer's
 * seconds. The last line is JSON.
 */
final class AllReduceBench {
    private static final Set<String> OPTIONS = Set.of("--nodes", "--mb", "--rounds", "--warmup", "--path");
    /** Each --path value, and which of tcp-tls, tcp-plain and artery it runs. */
    private static final Map<String, List<Boolean>> PATHS = Map.of(
            "all", List.of(true, true, true),
            "tcp", List.of(true, true, false),
            "tcp-tls", List.of(true, false, false),
            "tcp-plain", List.of(false, true, false),
            "artery", List.of(false, false, true));
    /** The bench's gradients sum exactly in float only up to this many nodes (BenchGradients). */
    private static final int MAX_NODES = 64;
    /** A float array's length is an int. */
    private static final int MAX_MB = 8000;

    private AllReduceBench() {
    }

    static int run(List<String> args, PrintStream out) {
        Arguments arguments = Arguments.parse(args, OPTIONS, Set.of());
        if (!arguments.words().isEmpty()) {
            throw new UsageException("bench allreduce takes no words, but got '" + arguments.words().get(0) + "'.");
        }
        int nodes = arguments.positiveInt("--nodes", 3);
        if (nodes < 2 || nodes > MAX_NODES) {
            throw new UsageException("--nodes must be from 2 to " + MAX_NODES + ", not " + nodes + ".");
        }
        int megabytes = arguments.positiveInt("--mb", 100);
        if (megabytes > MAX_MB) {
            throw new UsageException("--mb must be at most " + MAX_MB + ", not " + megabytes + ".");
        }
        String path = arguments.option("--path").orElse("all");
        List<Boolean> paths = PATHS.get(path);
        if (paths == null) {
            throw new UsageException("--path must be all, tcp, tcp-tls, tcp-plain or artery, not '" + path + "'.");
        }
        AllReduceBenchmark.Settings settings = new AllReduceBenchmark.Settings(nodes, megabytes,
                arguments.positiveInt("--warmup", 5), arguments.positiveInt("--rounds", 5), paths.get(0), paths.get(1),
                paths.get(2));
        out.printf(Locale.ROOT, "bench allreduce: %d nodes (this JVM and %d workers on 127.0.0.1), %d MB of float32 "
                        + "per node, %d warm-up + %d timed rounds per path, paths: %s%n", nodes, nodes - 1, megabytes,
                settings.warmUp(), settings.rounds(), path);
        AllReduceBenchmark.Result result = AllReduceBenchmark.run(settings, out::println);
        double bytesPerRound = 2.0 * (nodes - 1) * megabytes * 1e6;
        double tlsSeconds = median(result.tcpTlsSeconds());
        double plainSeconds = median(result.tcpPlainSeconds());
        double arterySeconds = median(result.arterySeconds());
        double rawSeconds = median(result.rawSeconds());
        double rawTlsSeconds = median(result.rawTlsSeconds());
        double tlsRate = bytesPerRound / 1e6 / tlsSeconds;
        double plainRate = bytesPerRound / 1e6 / plainSeconds;
        double arteryRate = bytesPerRound / 1e6 / arterySeconds;
        double rawRate = megabytes / rawSeconds;
        double rawTlsRate = megabytes / rawTlsSeconds;
        out.printf(Locale.ROOT, "median round: bulk channel with TLS (tcp_tls) %s, without encryption (tcp_plain) %s, "
                + "artery chunks %s; raw loopback TCP %.0f MB/s, TLS %.0f MB/s%n", describe(tlsSeconds, tlsRate),
                describe(plainSeconds, plainRate), describe(arterySeconds, arteryRate), rawRate, rawTlsRate);
        out.printf(Locale.ROOT, "{\"bench\":\"allreduce\",\"nodes\":%d,\"mb\":%d,\"rounds\":%d,\"bytes_per_round\":%.0f,"
                        + "\"tcp_tls_s\":%s,\"tcp_tls_mb_s\":%s,\"tcp_plain_s\":%s,\"tcp_plain_mb_s\":%s,"
                        + "\"artery_s\":%s,\"artery_mb_s\":%s,\"raw_tcp_s\":%.4f,\"raw_tcp_mb_s\":%.1f,"
                        + "\"raw_tls_s\":%.4f,\"raw_tls_mb_s\":%.1f,\"tcp_tls_over_raw\":%s,\"tcp_plain_over_raw\":%s,"
                        + "\"artery_over_raw\":%s,\"tcp_tls_over_raw_tls\":%s,\"fastest\":%s}%n",
                nodes, megabytes, settings.rounds(), bytesPerRound, number(tlsSeconds, 4), number(tlsRate, 1),
                number(plainSeconds, 4), number(plainRate, 1), number(arterySeconds, 4), number(arteryRate, 1),
                rawSeconds, rawRate, rawTlsSeconds, rawTlsRate, number(tlsRate / rawRate, 3),
                number(plainRate / rawRate, 3), number(arteryRate / rawRate, 3), number(tlsRate / rawTlsRate, 3),
                fastest(Map.of("tcp_tls", tlsSeconds, "tcp_plain", plainSeconds, "artery", arterySeconds)));
        return 0;
    }

    /** The measured path with the shortest median round, as a JSON string, or null when none was measured. */
    private static String fastest(Map<String, Double> seconds) {
        return seconds.entrySet().stream().filter(entry -> !entry.getValue().isNaN())
                .min(Map.Entry.comparingByValue()).map(entry -> "\"" + entry.getKey() + "\"").orElse("null");
    }

    private static String describe(double seconds, double rate) {
        return Double.isNaN(seconds) ? "not measured" : String.format(Locale.ROOT, "%.3f s (%.0f MB/s)", seconds, rate);
    }

    /** NaN for no values. */
    private static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static String number(double value, int digits) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%." + digits + "f", value) : "null";
    }
}
