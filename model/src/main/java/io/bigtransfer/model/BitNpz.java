package io.bigtransfer.model;

import io.bigtransfer.backend.NamedBuffer;
import io.bigtransfer.backend.NamedBuffers;
import io.bigtransfer.model.internal.NpyFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The official BiT weights format: a NumPy {@code .npz} (a ZIP of {@code .npy} arrays, ZIP64 where
 * NumPy writes it) holding every parameter under its official name, kernels HWIO. Some files spell
 * the convolutions {@code standardized_conv2d_N}; they are read as {@code standardized_conv2d}. The
 * architecture is read off the names and shapes: units per block, width from the root kernel,
 * classes from the head. The group count is not in the file.
 */
public final class BitNpz {
    private static final Pattern NUMBERED_CONV = Pattern.compile("standardized_conv2d_\\d+");
    private static final Pattern UNIT = Pattern.compile("resnet/block(\\d)/unit(\\d+)/a/standardized_conv2d/kernel");
    private static final int NAMES_SHOWN = 5;

    /** A model read from a weights file. */
    public record Weights(ModelSpec spec, NamedBuffers parameters) {
    }

    private BitNpz() {
    }

    public static Weights read(Path file, int groups) {
        Map<String, NpyFormat.Array> arrays = readArrays(file);
        ModelSpec spec = architecture(file, arrays, groups);
        requireExactly(file, spec, arrays);
        List<NamedBuffer> buffers = new ArrayList<>();
        spec.parameterShapes().forEach((name, shape) -> buffers.add(new NamedBuffer(name, shape, arrays.get(name).values())));
        return new Weights(spec, NamedBuffers.of(buffers));
    }

    /** Writes the parameters under their official names, via a temporary file, so no reader sees half a file. */
    public static void write(Path file, NamedBuffers parameters) {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temporary); ZipOutputStream zip = new ZipOutputStream(out)) {
                for (NamedBuffer buffer : parameters.buffers()) {
                    byte[] npy = NpyFormat.write(buffer.shape(), buffer.data());
                    // Stored, not deflated, as NumPy's savez writes them.
                    ZipEntry entry = new ZipEntry(buffer.name() + ".npy");
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(npy.length);
                    CRC32 crc = new CRC32();
                    crc.update(npy);
                    entry.setCrc(crc.getValue());
                    zip.putNextEntry(entry);
                    zip.write(npy);
                    zip.closeEntry();
                }
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new WeightsFileException("Cannot write " + file + ": " + e.getMessage() + ".", e);
        }
    }

    static void deleteQuietly(Path temporary) {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
            // The write already failed; that is the error to report.
        }
    }

    private static Map<String, NpyFormat.Array> readArrays(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new WeightsFileException("The weights file " + file + " does not exist.");
        }
        Map<String, NpyFormat.Array> arrays = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                String key = entry.getName().endsWith(".npy")
                        ? entry.getName().substring(0, entry.getName().length() - 4) : entry.getName();
                String name = NUMBERED_CONV.matcher(key).replaceAll("standardized_conv2d");
                byte[] bytes = zip.getInputStream(entry).readAllBytes();
                if (arrays.put(name, NpyFormat.read(bytes, file + ":" + key)) != null) {
                    throw new WeightsFileException(file + " holds " + name + " twice (under differently numbered names).");
                }
            }
        } catch (IOException e) {
            throw new WeightsFileException("Cannot read " + file + " as a .npz file: " + e.getMessage() + ".", e);
        }
        return arrays;
    }

    private static ModelSpec architecture(Path file, Map<String, NpyFormat.Array> arrays, int groups) {
        NpyFormat.Array root = arrays.get(ModelSpec.ROOT_KERNEL);
        NpyFormat.Array head = arrays.get(ModelSpec.HEAD_BIAS);
        if (root == null || head == null || root.shape().length != 4 || head.shape().length != 1) {
            throw new WeightsFileException(file + " is not a BiT model: it lacks a 7x7x3xC " + ModelSpec.ROOT_KERNEL
                    + " or a " + ModelSpec.HEAD_BIAS + " vector.");
        }
        int[] units = new int[ModelSpec.BLOCKS];
        for (String name : arrays.keySet()) {
            Matcher unit = UNIT.matcher(name);
            if (unit.matches()) {
                int block = Integer.parseInt(unit.group(1));
                if (block >= 1 && block <= ModelSpec.BLOCKS) {
                    units[block - 1] = Math.max(units[block - 1], Integer.parseInt(unit.group(2)));
                }
            }
        }
        try {
            return new ModelSpec(units, root.shape()[3] / 64.0, groups, head.shape()[0]);
        } catch (IllegalArgumentException e) {
            throw new WeightsFileException(file + " does not describe a usable BiT model: " + e.getMessage() + ".");
        }
    }

    private static void requireExactly(Path file, ModelSpec spec, Map<String, NpyFormat.Array> arrays) {
        Map<String, int[]> expected = spec.parameterShapes();
        List<String> missing = expected.keySet().stream().filter(name -> !arrays.containsKey(name)).toList();
        List<String> extra = arrays.keySet().stream().filter(name -> !expected.containsKey(name)).toList();
        List<String> misshaped = expected.entrySet().stream()
                .filter(e -> arrays.containsKey(e.getKey()) && !Arrays.equals(arrays.get(e.getKey()).shape(), e.getValue()))
                .map(e -> e.getKey() + " " + Arrays.toString(arrays.get(e.getKey()).shape()) + " (expected "
                        + Arrays.toString(e.getValue()) + ")")
                .toList();
        if (missing.isEmpty() && extra.isEmpty() && misshaped.isEmpty()) {
            return;
        }
        List<String> problems = new ArrayList<>();
        if (!missing.isEmpty()) {
            problems.add("missing " + shown(missing));
        }
        if (!extra.isEmpty()) {
            problems.add("unexpected " + shown(extra));
        }
        if (!misshaped.isEmpty()) {
            problems.add("wrong shape " + shown(misshaped));
        }
        throw new WeightsFileException(file + " does not match the " + spec + " its keys describe: "
                + String.join("; ", problems) + ".");
    }

    private static String shown(List<String> names) {
        String listed = String.join(", ", names.subList(0, Math.min(NAMES_SHOWN, names.size())));
        return names.size() > NAMES_SHOWN ? listed + " and " + (names.size() - NAMES_SHOWN) + " more" : listed;
    }
}
