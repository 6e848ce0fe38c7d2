package io.bigtransfer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bigtransfer.backend.NamedBuffer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Official-format weights written by NumPy (a script that builds the key list from DESIGN.md on
 * its own) are read with their architecture, refused when keys are missing, extra or mis-shaped,
 * and written back so that NumPy reads exactly the same arrays.
 */
class BitNpzTest {
    /** The Python with NumPy; CI installs Debian's python3-numpy. */
    private static final String PYTHON = System.getenv().getOrDefault("BIT_PYTHON", "python3");
    private static final String UNITS = "1,2,1,1";
    private static final String WIDTH = "0.0625";
    private static final int CLASSES = 5;

    @TempDir
    static Path dir;
    private static Path script;

    @BeforeAll
    static void copyScript() throws IOException {
        script = dir.resolve("bit_npz_fixture.py");
        try (InputStream in = BitNpzTest.class.getResourceAsStream("/bit_npz_fixture.py")) {
            Files.write(script, in.readAllBytes());
        }
    }

    private static void python(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(PYTHON, script.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), String.join(" ", command) + "\n" + output);
    }

    private static Path fixture(String name, String... options) throws Exception {
        Path file = dir.resolve(name + ".npz");
        List<String> args = new ArrayList<>(List.of("write", file.toString(), UNITS, WIDTH, Integer.toString(CLASSES)));
        args.addAll(List.of(options));
        python(args.toArray(String[]::new));
        return file;
    }

    private static float expected(String key, int index) {
        return (float) ((index % 97) * 0.01 + key.length() % 13);
    }

    @Test
    void readsTheArchitectureAndEveryArrayOfANumpyFile() throws Exception {
        for (Path file : List.of(fixture("plain"), fixture("numbered", "--numbered"))) {
            BitNpz.Weights weights = BitNpz.read(file, 2);
            assertEquals(new ModelSpec(new int[] {1, 2, 1, 1}, 0.0625, 2, CLASSES), weights.spec());
            Map<String, int[]> shapes = weights.spec().parameterShapes();
            assertEquals(List.copyOf(shapes.keySet()), weights.parameters().names());
            for (NamedBuffer buffer : weights.parameters().buffers()) {
                assertArrayEquals(shapes.get(buffer.name()), buffer.shape(), buffer.name());
                for (int i = 0; i < buffer.data().length; i += 7) {
                    assertEquals(expected(buffer.name(), i), buffer.data()[i], 1e-6f, buffer.name() + "[" + i + "]");
                }
            }
        }
    }

    @Test
    void whatItWritesNumpyReadsAsTheSameArraysAndItReadsBackUnchanged() throws Exception {
        BitNpz.Weights original = BitNpz.read(fixture("source"), 2);
        Path exported = dir.resolve("exported.npz");
        BitNpz.write(exported, original.parameters());
        python("check", exported.toString(), UNITS, WIDTH, Integer.toString(CLASSES));
        BitNpz.Weights again = BitNpz.read(exported, 2);
        assertEquals(original.spec(), again.spec());
        for (NamedBuffer buffer : original.parameters().buffers()) {
            assertArrayEquals(buffer.data(), again.parameters().get(buffer.name()).data(), buffer.name());
        }
        assertTrue(Files.list(dir).noneMatch(path -> path.toString().endsWith(".tmp")));
    }

    @Test
    void refusesMissingExtraAndMisshapedKeysNamingThem() throws Exception {
        String gamma = "resnet/block2/unit02/b/group_norm/gamma";
        String missing = assertThrows(WeightsFileException.class,
                () -> BitNpz.read(fixture("missing", "--drop", gamma), 2)).getMessage();
        assertTrue(missing.endsWith("missing " + gamma + "."), missing);
        String extra = assertThrows(WeightsFileException.class,
                () -> BitNpz.read(fixture("extra", "--extra", "resnet/block9/unit01/x"), 2)).getMessage();
        assertTrue(extra.endsWith("unexpected resnet/block9/unit01/x."), extra);
        String kernel = "resnet/block3/unit01/b/standardized_conv2d/kernel";
        String shape = assertThrows(WeightsFileException.class,
                () -> BitNpz.read(fixture("reshaped", "--reshape", kernel), 2)).getMessage();
        assertTrue(shape.endsWith("wrong shape " + kernel + " [2304] (expected [3, 3, 16, 16])."), shape);
        Path text = Files.writeString(dir.resolve("notes.npz"), "not a zip");
        assertTrue(assertThrows(WeightsFileException.class, () -> BitNpz.read(text, 2)).getMessage()
                .startsWith("Cannot read " + text + " as a .npz file"));
    }
}
