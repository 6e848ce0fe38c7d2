package io.bigtransfer.model.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's {@code .npy} format for little-endian float32 arrays in C order: magic, version, a
 * header dict ({@code descr}, {@code fortran_order}, {@code shape}) padded to a multiple of 64
 * bytes, then the values. Versions 1 to 3 are read; version 1 is written.
 */
public final class NpyFormat {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** One array: its shape and its values in C order. */
    public record Array(int[] shape, float[] values) {
    }

    private NpyFormat() {
    }

    /** @param name how to name the array in an error */
    public static Array read(byte[] bytes, String name) throws IOException {
        if (bytes.length < 12 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new IOException(name + " is not a .npy array");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int major = bytes[6];
        int headerLength = major == 1 ? Short.toUnsignedInt(buffer.getShort(8)) : buffer.getInt(8);
        int headerStart = major == 1 ? 10 : 12;
        if (major < 1 || major > 3 || headerLength < 0 || headerLength > bytes.length - headerStart) {
            throw new IOException(name + " has an unreadable .npy header");
        }
        String header = new String(bytes, headerStart, headerLength, StandardCharsets.ISO_8859_1);
        String descr = find(DESCR, header, name, "descr");
        if (!descr.equals("<f4") && !descr.equals("|f4")) {
            throw new IOException(name + " holds " + descr + " values; only little-endian float32 (<f4) is read");
        }
        if (find(FORTRAN, header, name, "fortran_order").equals("True")) {
            throw new IOException(name + " is in Fortran order; only C order is read");
        }
        int[] shape;
        try {
            shape = Arrays.stream(find(SHAPE, header, name, "shape").split(","))
                    .map(String::strip).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new IOException(name + " has a shape that is not a tuple of whole numbers");
        }
        long count = Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b);
        int dataStart = headerStart + headerLength;
        if (bytes.length - dataStart != count * Float.BYTES) {
            throw new IOException(name + " has " + (bytes.length - dataStart) + " bytes of data for shape "
                    + Arrays.toString(shape));
        }
        float[] values = new float[(int) count];
        buffer.position(dataStart);
        buffer.asFloatBuffer().get(values);
        return new Array(shape, values);
    }

    public static byte[] write(int[] shape, float[] values) {
        if (Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b) != values.length) {
            throw new IllegalArgumentException(values.length + " values do not fill shape " + Arrays.toString(shape));
        }
        String dims = Arrays.stream(shape).mapToObj(Integer::toString)
                .reduce((a, b) -> a + ", " + b).map(s -> shape.length == 1 ? s + "," : s).orElse("");
        StringBuilder header = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }");
        // Magic (6) + version (2) + length (2) + header + '\n' is padded to a multiple of 64.
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        ByteArrayOutputStream out = new ByteArrayOutputStream(10 + header.length() + values.length * Float.BYTES);
        out.writeBytes(MAGIC);
        out.write(1);
        out.write(0);
        out.write(header.length() & 0xff);
        out.write(header.length() >>> 8);
        out.writeBytes(header.toString().getBytes(StandardCharsets.ISO_8859_1));
        ByteBuffer data = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().put(values);
        out.writeBytes(data.array());
        return out.toByteArray();
    }

    private static String find(Pattern pattern, String header, String name, String field) throws IOException {
        Matcher matcher = pattern.matcher(header);
        if (!matcher.find()) {
            throw new IOException(name + " has no '" + field + "' in its .npy header");
        }
        return matcher.group(1);
    }
}
