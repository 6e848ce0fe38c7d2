package io.bigtransfer.actors.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a benchmark peer (a Python script) to its end and returns its last line, the one JSON object
 * it prints as its result; every line it writes (stdout and stderr) is passed on as it comes. The
 * peer runs in the environment the user gave us: settings that {@code bin/bit} chose for our own
 * native libraries are taken out, so that the peer runs at its own defaults.
 */
public final class PeerProcess {
    /**
     * Set by {@code bin/bit} where it chose {@link #OMP_WAIT_POLICY} itself, the user having set
     * none: the value it chose.
     */
    static final String DEFAULT_OMP_WAIT_POLICY_MARK = "BIT_DEFAULT_OMP_WAIT_POLICY";
    static final String OMP_WAIT_POLICY = "OMP_WAIT_POLICY";

    private PeerProcess() {
    }

    /**
     * Takes out of {@code environment} what {@code bin/bit} set for our own native libraries: the
     * wait policy where it is still the one the mark names (a policy the user set stays).
     */
    static void restoreUserEnvironment(Map<String, String> environment) {
        String chosen = environment.remove(DEFAULT_OMP_WAIT_POLICY_MARK);
        if (chosen != null && chosen.equals(environment.get(OMP_WAIT_POLICY))) {
            environment.remove(OMP_WAIT_POLICY);
        }
    }

    /** The OpenMP wait policy in {@code environment}, or "default" where none is set; letters only, for JSON. */
    public static String ompWaitPolicy(Map<String, String> environment) {
        String policy = environment.getOrDefault(OMP_WAIT_POLICY, "default");
        return policy.matches("[A-Za-z_]*") ? policy : "unreadable";
    }

    /** The OpenMP wait policy a peer runs with. */
    public static String peerOmpWaitPolicy() {
        Map<String, String> environment = new HashMap<>(System.getenv());
        restoreUserEnvironment(environment);
        return ompWaitPolicy(environment);
    }

    /** @param name the peer, for error sentences (e.g. "the PyTorch peer") */
    static String lastLine(String name, List<String> command, Consumer<String> output) {
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            restoreUserEnvironment(builder.environment());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(name + " could not start (" + command.get(0)
                    + "; BIT_PYTHON names the interpreter): " + e.getMessage(), e);
        }
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
                output.accept(line);
            }
            int code = process.waitFor();
            if (code != 0 || lines.isEmpty()) {
                throw new IllegalStateException(name + " exited with " + code + ": "
                        + (lines.isEmpty() ? "no output" : lines.get(lines.size() - 1)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the output of " + name + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + name + " ran", e);
        }
        return lines.get(lines.size() - 1);
    }

    /** The number under {@code "field": } in a peer's JSON result line, if present. */
    static OptionalDouble number(String json, String field) {
        Matcher matcher = Pattern.compile("\"" + Pattern.quote(field) + "\": ([0-9.eE+-]+)").matcher(json);
        return matcher.find() ? OptionalDouble.of(Double.parseDouble(matcher.group(1))) : OptionalDouble.empty();
    }
}
