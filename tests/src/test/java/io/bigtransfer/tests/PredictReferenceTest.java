package io.bigtransfer.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bigtransfer.actors.cli.Main;
import io.bigtransfer.model.NpyFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bit predict} on official-format weights agrees to 1e-4 with an independent float64 NumPy
 * forward pass written from DESIGN.md (sharing no code with the engine), at sizes where stride 2
 * meets odd and even sides.
 */
class PredictReferenceTest {
    private static final String PYTHON = System.getenv().getOrDefault("BIT_PYTHON", "python3");
    /** NumPy's writer of official-format weights, kept with the model module's .npz tests. */
    private static final Path WEIGHTS_SCRIPT = Path.of("../model/src/test/resources/bit_npz_fixture.py");

    @TempDir
    static Path dir;
    private static Path script;
    private static Path weights;

    @BeforeAll
    static void writeWeights() throws Exception {
        script = dir.resolve("bit_reference_forward.py");
        try (InputStream in = PredictReferenceTest.class.getResourceAsStream("/bit_reference_forward.py")) {
            Files.write(script, in.readAllBytes());
        }
        weights = dir.resolve("weights.npz");
        python(WEIGHTS_SCRIPT, "write", weights.toString(), "1,2,2,1", "0.125", "7", "--random", "3");
    }

    private static void python(String... args) throws IOException, InterruptedException {
        python(script, args);
    }

    private static void python(Path pythonScript, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON, pythonScript.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), String.join(" ", command) + "\n" + output);
    }

    private static void assertAgreesWithTheReferenceAt(int height, int width) throws Exception {
        String size = height + "x" + width;
        Path input = dir.resolve("input-" + size + ".npy");
        Path reference = dir.resolve("reference-" + size + ".npy");
        Path logits = dir.resolve("logits-" + size + ".npy");
        python("input", input.toString(), "3", Integer.toString(height), Integer.toString(width), "11");
        python("logits", weights.toString(), input.toString(), "4", reference.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int exit = Main.run(List.of("predict", "--weights", weights.toString(), "--npy", input.toString(), "--out",
                logits.toString(), "bit.model.groups=4"), print, print, true);
        assertEquals(0, exit, out.toString(StandardCharsets.UTF_8));
        NpyFiles.Array expected = NpyFiles.read(reference);
        NpyFiles.Array actual = NpyFiles.read(logits);
        assertArrayEquals(new int[] {3, 7}, actual.shape());
        assertArrayEquals(expected.values(), actual.values(), 1e-4f, size);
        double largest = 0;
        for (float value : expected.values()) {
            largest = Math.max(largest, Math.abs(value));
        }
        assertTrue(largest > 0.1, "logits of " + largest + " would make the comparison too easy");
    }

    @Test
    void oddSidesWhereStrideTwoRoundsUp() throws Exception {
        assertAgreesWithTheReferenceAt(97, 131);
    }

    @Test
    void evenSides() throws Exception {
        assertAgreesWithTheReferenceAt(64, 64);
    }
}
