package io.bigtransfer.actors.bench;

import io.bigtransfer.actors.remote.SharedSecret;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The worker JVMs of {@code bit bench allreduce}, on this machine with this JVM's class path. They
 * die with the bench in every case: {@link #close()} stops them (forcibly after a grace period), a
 * shutdown hook does the same when the bench is interrupted, and a worker whose parent is gone
 * exits by itself ({@link AllReduceWorker}).
 */
final class NodeProcesses implements AutoCloseable {
    private static final long GRACE_SECONDS = 5;

    private final List<Process> processes = new ArrayList<>();
    private final List<String> lastLines = new ArrayList<>();
    private final Thread killer = new Thread(this::kill, "kill-bench-workers");

    private NodeProcesses() {
    }

    /**
     * Starts nodes 1 to {@code nodes - 1}, each with {@code secret} in {@code BIT_SECRET}; their
     * output lines go to {@code output} prefixed with "node I: ".
     */
    static NodeProcesses start(int nodes, int floats, String coordinatorAddress, String secret, int heapMegabytes,
            Consumer<String> output) {
        NodeProcesses started = new NodeProcesses();
        Runtime.getRuntime().addShutdownHook(started.killer);
        try {
            for (int node = 1; node < nodes; node++) {
                started.launch(node, List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx" + heapMegabytes + "m", "-cp", System.getProperty("java.class.path"),
                        AllReduceWorker.class.getName(), Integer.toString(node), Integer.toString(nodes),
                        Integer.toString(floats), coordinatorAddress), secret, output);
            }
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        return started;
    }

    /** Throws when a worker has exited: the bench cannot finish without it. */
    void checkAlive() {
        for (int i = 0; i < processes.size(); i++) {
            Process process = processes.get(i);
            if (!process.isAlive()) {
                String last;
                synchronized (lastLines) {
                    last = lastLines.get(i);
                }
                throw new IllegalStateException("node " + (i + 1) + " exited with code " + process.exitValue()
                        + (last.isEmpty() ? "" : "; its last line: " + last) + ".");
            }
        }
    }

    /** Waits up to {@code seconds} for every worker to exit by itself (after a Stop), so none is cut off mid-goodbye. */
    void awaitExit(long seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        try {
            for (Process process : List.copyOf(processes)) {
                process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down, and the hook does the same.
        }
    }

    private void launch(int node, List<String> command, String secret, Consumer<String> output) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put(SharedSecret.ENVIRONMENT_VARIABLE, secret);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("worker node " + node + " could not start: " + e.getMessage(), e);
        }
        int index;
        synchronized (lastLines) {
            processes.add(process);
            lastLines.add("");
            index = lastLines.size() - 1;
        }
        Thread reader = new Thread(() -> relay(process, index, node, output), "node-" + node + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    private void relay(Process process, int index, int node, Consumer<String> output) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                synchronized (lastLines) {
                    lastLines.set(index, line);
                }
                output.accept("node " + node + ": " + line);
            }
        } catch (IOException e) {
            // The worker is gone; checkAlive reports it.
        }
    }

    private void kill() {
        List<Process> running;
        synchronized (lastLines) {
            running = List.copyOf(processes);
        }
        running.forEach(Process::destroy);
        for (Process process : running) {
            try {
                if (!process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(GRACE_SECONDS, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
