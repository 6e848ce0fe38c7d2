package io.bigtransfer.actors.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Where {@code System.out} goes while a command runs: the command's own output (progress bar,
 * report) is written to the real stdout, and anything a library prints there instead goes to
 * stderr, except ND4J 1.0.0-M2.1's unconditional debug print of every differentiated op.
 */
final class LibraryOutputFilter extends OutputStream {
    private static final String ND4J_DEBUG_PRINT = "Added differentiated op ";

    private final PrintStream target;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    private LibraryOutputFilter(PrintStream target) {
        this.target = target;
    }

    /** Sends library prints on {@code System.out} to {@code target}, filtered; returns the real stdout. */
    static PrintStream install(PrintStream target) {
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(new LibraryOutputFilter(target), true, StandardCharsets.UTF_8));
        return stdout;
    }

    @Override
    public synchronized void write(int b) {
        if (b != '\n') {
            line.write(b);
            return;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (!text.startsWith(ND4J_DEBUG_PRINT)) {
            target.println(text);
        }
    }
}
